#include "services/notify/live/routes.hpp"

#include <optional>

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

class StreamConnection final : public Connection {
 public:
  StreamConnection(EventSink& sink, std::string user_id, std::int64_t last_seq)
      : Connection(std::move(user_id), last_seq), sink_(sink) {}

  void send_item(std::string_view item_id, std::string_view item_json,
                 std::int64_t /*unread*/) override {
    sink_.send(ServerSentEvent{std::string(item_id), "notification", std::string(item_json)});
  }
  void send_unread(std::int64_t count) override {
    sink_.send(ServerSentEvent{"", "unread-count", unread_data(count)});
  }
  void close() override { sink_.close(); }
  std::string_view transport() const override { return "sse"; }

 private:
  EventSink& sink_;
};

class WebSocketConnection final : public Connection {
 public:
  WebSocketConnection(WebSocket& socket, std::string user_id, std::int64_t last_seq)
      : Connection(std::move(user_id), last_seq), socket_(socket) {}

  void send_item(std::string_view /*item_id*/, std::string_view item_json,
                 std::int64_t unread) override {
    socket_.send(websocket_notification(item_json, unread));
  }
  void send_unread(std::int64_t count) override { socket_.send(websocket_unread(count)); }
  void close() override { socket_.close(); }
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

asio::awaitable<void> produce(EventSink& sink, Hub& hub, std::string user_id, std::int64_t seq) {
  StreamConnection connection(sink, std::move(user_id), seq);
  auto registration = hub.attach(connection);
  co_await hub.resume(connection);
  co_await sink.closed();
}

asio::awaitable<void> converse(WebSocket& socket, Hub& hub, std::string user_id, std::int64_t seq) {
  WebSocketConnection connection(socket, std::move(user_id), seq);
  auto registration = hub.attach(connection);
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

void add_live_routes(core::http::Router& router, Hub& hub, core::redis::Client& redis) {
  router.add(
      Method::kGet, "/notifications/stream",
      [&hub, &redis](Request& request) -> asio::awaitable<Response> {
        core::http::Identity who = request.require_identity();
        std::int64_t seq = co_await starting_seq(redis, who.user_id,
                                                 request.header("last-event-id"), "Last-Event-ID");
        co_return core::http::event_stream([&hub, user_id = who.user_id, seq](EventSink& sink) {
          return produce(sink, hub, user_id, seq);
        });
      });
  router.add_websocket(
      "/notifications/ws",
      [&hub, &redis](Request& request) -> asio::awaitable<core::http::WebSocketSession> {
        core::http::Identity who = request.require_identity();
        std::int64_t seq =
            co_await starting_seq(redis, who.user_id, request.query("after"), "after");
        co_return [&hub, user_id = who.user_id, seq](WebSocket& socket) {
          return converse(socket, hub, user_id, seq);
        };
      });
}

}  // namespace classroom::notify::live
