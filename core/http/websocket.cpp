#include "core/http/websocket.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>

#include "core/http/live.hpp"
#include "core/http/server.hpp"
#include "core/log.hpp"

namespace classroom::core::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using namespace asio::experimental::awaitable_operators;
using Stream = websocket::stream<beast::tcp_stream&>;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// How long the writer sleeps with nothing to send: Beast pings by itself.
constexpr std::chrono::milliseconds kWriterIdle = std::chrono::hours(1);

// The session's side: sends go to the send queue; what the client sends waits
// in a bounded queue of its own until the session receives it.
class LiveWebSocket final : public WebSocket {
 public:
  LiveWebSocket(SendQueue& out, std::size_t limit)
      : out_(out),
        limit_(limit),
        received_wake_(out.executor(), asio::steady_timer::time_point::max()) {}

  bool send(std::string text) override { return out_.push(std::move(text)); }

  asio::awaitable<std::optional<std::string>> receive() override {
    while (received_.empty() && out_.is_open()) {
      co_await received_wake_.async_wait(kNoThrow);
    }
    std::string message;
    if (!received_.pop(message)) {
      co_return std::nullopt;
    }
    co_return message;
  }

  bool is_open() const override { return out_.is_open(); }
  void close() override { out_.end(LiveEnd::kClosed); }
  void close(std::string reason) override {
    if (out_.is_open()) {
      close_reason_ = std::move(reason);
    }
    close();
  }
  const std::string& close_reason() const { return close_reason_; }
  void fail() { out_.end(LiveEnd::kFailed); }

  // A session that does not keep up with its client is dropped like a client
  // that does not keep up with its session.
  void deliver(std::string message) {
    if (received_.size() >= limit_) {
      out_.end(LiveEnd::kTooSlow);
      return;
    }
    received_.push(std::move(message));
    wake();
  }
  void wake() { received_wake_.cancel(); }

 private:
  SendQueue& out_;
  std::size_t limit_;
  MessageQueue received_;
  asio::steady_timer received_wake_;
  std::string close_reason_;
};

asio::awaitable<void> read_loop(Stream& ws, LiveWebSocket& connection, SendQueue& queue) {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws.async_read(buffer, kNoThrow);
    if (ec) {
      // The client's close frame, our own close completing, a silent peer
      // timed out by the pings, or a broken connection.
      queue.end(LiveEnd::kPeerGone);
      co_return;
    }
    if (!ws.got_text()) {
      queue.end(LiveEnd::kUnsupportedData);
    } else {
      connection.deliver(beast::buffers_to_string(buffer.data()));
    }
    buffer.consume(buffer.size());
  }
}

std::optional<websocket::close_code> close_code(LiveEnd reason) {
  switch (reason) {
    case LiveEnd::kClosed:
      return websocket::close_code::normal;
    case LiveEnd::kDraining:
      return websocket::close_code::going_away;
    case LiveEnd::kUnsupportedData:
      return websocket::close_code::unknown_data;
    case LiveEnd::kFailed:
      return websocket::close_code::internal_error;
    default:
      return std::nullopt;  // the connection is gone or cut: no close frame
  }
}

asio::awaitable<void> write_loop(Stream& ws, SendQueue& queue, const LiveWebSocket& connection) {
  for (;;) {
    std::string message;
    if (queue.pop(message)) {
      auto [ec, n] = co_await ws.async_write(asio::buffer(message), kNoThrow);
      if (ec) {
        queue.end(LiveEnd::kPeerGone);
        co_return;
      }
    } else if (queue.is_open()) {
      co_await queue.wait(kWriterIdle);
    } else {
      break;
    }
  }
  if (auto code = close_code(queue.state())) {
    websocket::close_reason reason(*code);
    if (queue.state() == LiveEnd::kClosed) {
      // A control frame's payload is at most 125 bytes, two of them the code.
      const std::string& text = connection.close_reason();
      reason.reason.assign(text.data(), std::min(text.size(), reason.reason.max_size()));
    }
    // The read loop sees the client's answer and ends.
    co_await ws.async_close(reason, kNoThrow);
  }
}

asio::awaitable<void> run_session(const WebSocketSession& session, LiveWebSocket& connection,
                                  std::string request_id) {
  try {
    co_await session(connection);
  } catch (const std::exception& e) {
    log::error("websocket session failed", {{"error", e.what()}, {"requestId", request_id}});
    connection.fail();
  }
  connection.close();
}

bool has_token(const RawRequest& request, bhttp::field field, std::string_view token) {
  auto it = request.find(field);
  return it != request.end() && bhttp::token_list{it->value()}.exists(token);
}

}  // namespace

std::optional<Error> websocket_refusal(const RawRequest& request) {
  if (request.method() != bhttp::verb::get ||
      !has_token(request, bhttp::field::connection, "upgrade") ||
      !has_token(request, bhttp::field::upgrade, "websocket")) {
    return Error(ErrorCode::kMalformed, "this endpoint takes a WebSocket upgrade request")
        .with_header("Upgrade", "websocket");
  }
  auto key = request[bhttp::field::sec_websocket_key];
  // Beast's accept refuses the same requests, with a plain-text body.
  if (request.version() != 11 || request[bhttp::field::host].empty() || key.empty() ||
      key.size() > 24) {
    return Error(ErrorCode::kMalformed, "the WebSocket upgrade request is incomplete");
  }
  if (request[bhttp::field::sec_websocket_version] != "13") {
    return Error(ErrorCode::kMalformed, "only WebSocket version 13 is supported")
        .with_header("Sec-WebSocket-Version", "13");
  }
  return std::nullopt;
}

asio::awaitable<void> serve_websocket(beast::tcp_stream& stream, const RawRequest& request,
                                      Response& response, SendQueue& queue,
                                      const ServerSettings& settings) {
  stream.expires_never();  // the WebSocket's own timeouts take over
  Stream ws(stream);
  ws.set_option(websocket::stream_base::timeout{
      .handshake_timeout = settings.write_timeout,
      .idle_timeout = 2 * settings.heartbeat_interval,
      .keep_alive_pings = true,
  });
  ws.set_option(websocket::stream_base::decorator(
      [headers = response.headers](websocket::response_type& out) {
        for (const auto& [name, value] : headers) {
          out.set(name, value);
        }
      }));
  ws.read_message_max(settings.max_websocket_message_bytes);
  auto [ec] = co_await ws.async_accept(request, kNoThrow);
  if (ec) {
    queue.end(LiveEnd::kPeerGone);
    co_return;
  }
  LiveWebSocket connection(queue, settings.max_queued_messages);
  queue.on_end([&](LiveEnd reason) {
    connection.wake();
    if (reason == LiveEnd::kTooSlow) {
      stream.cancel();  // the write in progress waits on this client: cut it
    }
  });
  std::string request_id(response.header("X-Request-Id").value_or(""));
  auto all =
      run_session(*response.handed_over<WebSocketSession>(), connection, std::move(request_id)) &&
      (read_loop(ws, connection, queue) && write_loop(ws, queue, connection));
  co_await std::move(all);
}

}  // namespace classroom::core::http
