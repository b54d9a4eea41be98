#include "services/notify/live/routes.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <optional>
#include <random>

#include "core/http/handler.hpp"
#include "core/http/sse.hpp"
#include "core/http/websocket.hpp"
#include "core/ids.hpp"
#include "services/notify/live/hub.hpp"
#include "services/notify/live/message.hpp"
#include "services/notify/stores/inbox_store.hpp"

namespace classroom::notify::live {
namespace {

using namespace core::http::handler;
using core::http::EventSink;
using core::http::ServerSentEvent;
using core::http::WebSocket;

// The WebSocket's close reason (code 1000) when its lifetime is over.
constexpr std::string_view kExpiredReason = "connection lifetime reached; reconnect";

// A connection of the route's kind, which can be told its lifetime is over.
class LiveConnection : public Connection {
 public:
  using Connection::Connection;
  virtual void expire() = 0;
};

class StreamConnection final : public LiveConnection {
 public:
  StreamConnection(EventSink& sink, std::string user_id, std::int64_t last_seq)
      : LiveConnection(std::move(user_id), last_seq), sink_(sink) {}

  // The item, then the count it changed (an event of its own: it has no id).
  void send_item(std::string_view item_id, std::string_view item_json,
                 std::int64_t unread) override {
    sink_.send(ServerSentEvent{std::string(item_id), "notification", std::string(item_json)});
    send_unread(unread);
  }
  void send_unread(std::int64_t count) override {
    sink_.send(ServerSentEvent{"", "unread-count", unread_data(count)});
  }
  void close() override { sink_.close(); }
  // The end of the stream: EventSource reconnects by itself, with Last-Event-ID.
  void expire() override { sink_.close(); }
  std::string_view transport() const override { return "sse"; }

 private:
  EventSink& sink_;
};

class WebSocketConnection final : public LiveConnection {
 public:
  WebSocketConnection(WebSocket& socket, std::string user_id, std::int64_t last_seq)
      : LiveConnection(std::move(user_id), last_seq), socket_(socket) {}

  void send_item(std::string_view /*item_id*/, std::string_view item_json,
                 std::int64_t unread) override {
    socket_.send(websocket_notification(item_json, unread));
  }
  void send_unread(std::int64_t count) override { socket_.send(websocket_unread(count)); }
  void close() override { socket_.close(); }
  void expire() override { socket_.close(std::string(kExpiredReason)); }
  std::string_view transport() const override { return "websocket"; }

 private:
  WebSocket& socket_;
};

// Where a connection starts: after the item the client names (all that is
// retained when it is no longer there), or after the newest item now.
asio::awaitable<std::int64_t> starting_seq(core::redis::Client& redis, const std::string& user_id,
                                           std::optional<std::string_view> after,
                                           std::string_view what) {
  if (after && !after->empty()) {
    if (!core::is_uuid(*after)) {
      throw Error(ErrorCode::kMalformed, std::string(what) + " must be a notification id");
    }
    std::optional<std::int64_t> seq =
        co_await inbox_store::seq_of(redis, user_id, std::string(*after));
    co_return seq.value_or(0);
  }
  std::vector<inbox_store::StoredItem> newest =
      co_await inbox_store::page(redis, user_id, false, std::nullopt, 1);
  co_return newest.empty() ? 0 : newest.front().seq;
}

// `max_age` less up to a tenth, so that the reconnections of the clients that
// connected together (after a restart, say) spread.
std::chrono::milliseconds jittered(std::chrono::milliseconds max_age) {
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_int_distribution<std::chrono::milliseconds::rep> jitter(0, max_age.count() / 10);
  return max_age - std::chrono::milliseconds(jitter(random));
}

// A timer that expires `connection` once its lifetime is over; destroyed
// first, it touches the connection no more.
asio::steady_timer lifetime(asio::any_io_executor executor, std::chrono::milliseconds max_age,
                            LiveConnection& connection) {
  asio::steady_timer timer(executor, jittered(max_age));
  timer.async_wait([&connection](const boost::system::error_code& ec) {
    if (!ec) {
      connection.expire();
    }
  });
  return timer;
}

asio::awaitable<void> produce(EventSink& sink, Hub& hub, std::string user_id, std::int64_t seq,
                              std::chrono::milliseconds max_age) {
  StreamConnection connection(sink, std::move(user_id), seq);
  auto registration = hub.attach(connection);
  asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto expiry = lifetime(std::move(executor), max_age, connection);
  co_await hub.resume(connection);
  co_await sink.closed();
}

asio::awaitable<void> converse(WebSocket& socket, Hub& hub, std::string user_id, std::int64_t seq,
                               std::chrono::milliseconds max_age) {
  WebSocketConnection connection(socket, std::move(user_id), seq);
  auto registration = hub.attach(connection);
  asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto expiry = lifetime(std::move(executor), max_age, connection);
  co_await hub.resume(connection);
  // Clients have nothing to say; receiving is how the end is noticed.
  for (;;) {
    std::optional<std::string> message = co_await socket.receive();
    if (!message) {
      co_return;
    }
  }
}

}  // namespace

void add_live_routes(core::http::Router& router, Hub& hub, core::redis::Client& redis,
                     std::chrono::milliseconds max_age) {
  router.add(Method::kGet, "/notifications/stream",
             [&hub, &redis, max_age](Request& request) -> asio::awaitable<Response> {
               core::http::Identity who = request.require_identity();
               std::int64_t seq = co_await starting_seq(
                   redis, who.user_id, request.header("last-event-id"), "Last-Event-ID");
               co_return core::http::event_stream(
                   [&hub, user_id = who.user_id, seq, max_age](EventSink& sink) {
                     return produce(sink, hub, user_id, seq, max_age);
                   });
             });
  router.add_websocket(
      "/notifications/ws",
      [&hub, &redis, max_age](Request& request) -> asio::awaitable<core::http::WebSocketSession> {
        core::http::Identity who = request.require_identity();
        std::int64_t seq =
            co_await starting_seq(redis, who.user_id, request.query("after"), "after");
        co_return [&hub, user_id = who.user_id, seq, max_age](WebSocket& socket) {
          return converse(socket, hub, user_id, seq, max_age);
        };
      });
}

}  // namespace classroom::notify::live
