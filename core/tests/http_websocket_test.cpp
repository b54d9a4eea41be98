#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/http/router.hpp"
#include "core/http/server.hpp"
#include "core/http/websocket.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/tests/http_test_support.hpp"

namespace classroom::core::http {
namespace {

using namespace tests;
namespace websocket = beast::websocket;
using asio::awaitable;

constexpr auto kHeartbeat = 200ms;
constexpr std::size_t kQueueLimit = 8;
constexpr std::string_view kUser = "01932c4e-0000-7000-8000-000000000001";

ServerSettings live_settings() { return tests::live_settings(kHeartbeat, kQueueLimit); }

struct Probe {
  Counter handler_calls;  // before any upgrade
  Counter sessions_started;
  Counter sessions_ended;
};

// A chat: greets the caller by identity, echoes what it receives, ends on
// "bye"; POST /broadcast pushes its body to every open session.
class ChatApp final : public App {
 public:
  explicit ChatApp(Probe& probe) : probe_(probe) {
    router_.add_websocket("/chat", [this](Request& request) -> awaitable<WebSocketSession> {
      probe_.handler_calls.add();
      Identity who = request.require_identity();
      co_return [this, who](WebSocket& socket) { return chat(who, socket); };
    });
    router_.add(Method::kPost, "/broadcast", [this](Request& request) -> awaitable<Response> {
      int sent = 0;
      for (WebSocket* socket : sockets_) {
        sent += socket->send(request.body) ? 1 : 0;
      }
      co_return Response::json(200, json::serialize(json::object{{"sent", sent}}));
    });
  }

  const Router& router() const override { return router_; }
  awaitable<bool> ready() override { co_return true; }
  void stop() override {}

 private:
  awaitable<void> chat(Identity who, WebSocket& socket) {
    probe_.sessions_started.add();
    sockets_.push_back(&socket);
    socket.send("hello " + who.user_id);
    while (auto message = co_await socket.receive()) {
      if (*message == "bye") {
        break;
      }
      if (*message == "crash") {
        throw std::runtime_error("the session failed");
      }
      socket.send("echo " + *message);
    }
    std::erase(sockets_, &socket);
    probe_.sessions_ended.add();
  }

  Probe& probe_;
  Router router_;
  std::vector<WebSocket*> sockets_;
};

// A WebSocket client whose every step has a deadline.
class WsClient {
 public:
  explicit WsClient(std::uint16_t port) : ws_(io_) {
    lowest().socket().connect({asio::ip::make_address("127.0.0.1"), port});
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& request) { sign_as(request, test_user(std::string(kUser))); }));
    check(run([&](auto done) { ws_.async_handshake(handshake_, "127.0.0.1", "/chat", done); }),
          "handshake");
  }

  const websocket::response_type& handshake() const { return handshake_; }
  std::string read() {
    beast::flat_buffer buffer;
    check(run([&](auto done) { ws_.async_read(buffer, done); }), "read");
    return beast::buffers_to_string(buffer.data());
  }
  void write(std::string_view text) {
    check(run([&](auto done) { ws_.async_write(asio::buffer(text), done); }), "write");
  }
  void close() {
    check(run([&](auto done) { ws_.async_close(websocket::close_code::normal, done); }), "close");
  }
  // Reads until the connection ends; websocket::error::closed when the
  // server closed it politely, with its close code in reason().
  beast::error_code read_until_closed() {
    for (;;) {
      beast::flat_buffer buffer;
      if (auto ec = run([&](auto done) { ws_.async_read(buffer, done); })) {
        return ec;
      }
    }
  }
  const websocket::close_reason& reason() const { return ws_.reason(); }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(ws_); }
  template <class Start>
  beast::error_code run(Start&& start) {
    return complete(io_, lowest(), std::forward<Start>(start));
  }

  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  websocket::response_type handshake_;
};

ClientRequest upgrade_request() {
  auto out = get("/chat");
  out.set(bhttp::field::connection, "Upgrade");
  out.set(bhttp::field::upgrade, "websocket");
  out.set(bhttp::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  out.set(bhttp::field::sec_websocket_version, "13");
  return out;
}

class WebSocketRoute : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(settings_, metrics_);
    server_->start(
        [this](asio::io_context&, std::size_t) { return std::make_unique<ChatApp>(probe_); });
    running_ = std::async(std::launch::async, [this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    EXPECT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready)
        << "run() did not return after stop()";
  }

  std::uint16_t port() const { return server_->port(); }
  json::object broadcast(std::string body) {
    Client http(port());
    return body_json(http.send(request(bhttp::verb::post, "/broadcast", std::move(body))));
  }

  ServerSettings settings_ = live_settings();
  Metrics metrics_;
  Probe probe_;
  std::unique_ptr<Server> server_;
  std::future<void> running_;
};

// Heartbeats so rare that only a full queue can end a session within a test.
class WebSocketSlowReader : public WebSocketRoute {
 protected:
  WebSocketSlowReader() { settings_.heartbeat_interval = 60s; }
};

TEST_F(WebSocketRoute, SessionSeesTheCallersIdentityAndMessagesGoBothWays) {
  WsClient client(port());
  EXPECT_EQ(client.handshake().result(), bhttp::status::switching_protocols);
  EXPECT_TRUE(is_uuid(client.handshake()["X-Request-Id"])) << client.handshake();

  EXPECT_EQ(client.read(), "hello " + std::string(kUser));
  client.write("one");
  EXPECT_EQ(client.read(), "echo one");
  client.write("two");
  EXPECT_EQ(client.read(), "echo two");
}

TEST_F(WebSocketRoute, ServerPushesToAnOpenSessionUnasked) {
  WsClient client(port());
  ASSERT_EQ(client.read(), "hello " + std::string(kUser));

  EXPECT_EQ(broadcast(R"({"news":1})").at("sent"), json::value(1));
  EXPECT_EQ(client.read(), R"({"news":1})");
}

TEST_F(WebSocketRoute, SessionEndsWhenTheClientCloses) {
  WsClient client(port());
  ASSERT_TRUE(probe_.sessions_started.wait_for(1));
  client.close();
  EXPECT_TRUE(probe_.sessions_ended.wait_for(1));
}

TEST_F(WebSocketRoute, SessionReturningClosesTheConnectionPolitely) {
  WsClient client(port());
  client.write("bye");
  EXPECT_EQ(client.read_until_closed(), websocket::error::closed);
  EXPECT_EQ(client.reason().code, websocket::close_code::normal);
}

TEST_F(WebSocketRoute, SessionThatThrowsClosesTheConnectionAsInternalError) {
  WsClient client(port());
  client.write("crash");
  EXPECT_EQ(client.read_until_closed(), websocket::error::closed);
  EXPECT_EQ(client.reason().code, websocket::close_code::internal_error);
}

TEST_F(WebSocketRoute, UpgradeWithoutIdentityIsRefusedWithAProblem) {
  Client http(port());
  auto response = http.send(upgrade_request());

  expect_problem(response, 401, "/problems/unauthenticated");
  EXPECT_EQ(probe_.sessions_started.get(), 0);
}

TEST_F(WebSocketRoute, RequestWithoutUpgradeIsMalformedAndRunsNoHandler) {
  Client http(port());
  auto plain = get("/chat");
  sign_as(plain, test_user(std::string(kUser)));
  auto response = http.send(plain);

  expect_problem(response, 400, "/problems/malformed-request");
  EXPECT_EQ(response[bhttp::field::upgrade], "websocket");
  EXPECT_EQ(probe_.handler_calls.get(), 0);
  EXPECT_EQ(http.send(get("/healthz")).result(), bhttp::status::ok)
      << "the connection stays usable after the refusal";
}

TEST_F(WebSocketRoute, UnsupportedVersionIsRefusedWithAProblem) {
  Client http(port());
  auto old = upgrade_request();
  sign_as(old, test_user(std::string(kUser)));
  old.set(bhttp::field::sec_websocket_version, "8");
  auto response = http.send(old);

  expect_problem(response, 400, "/problems/malformed-request");
  EXPECT_EQ(response[bhttp::field::sec_websocket_version], "13");
}

TEST_F(WebSocketRoute, ClientThatAnswersNoPingIsClosedAfterTwoHeartbeats) {
  // The client never reads again, so it never answers the server's pings.
  WsClient silent(port());
  ASSERT_TRUE(probe_.sessions_started.wait_for(1));
  const auto started = std::chrono::steady_clock::now();

  EXPECT_TRUE(probe_.sessions_ended.wait_for(1));
  EXPECT_GE(std::chrono::steady_clock::now() - started, kHeartbeat);
}

TEST_F(WebSocketSlowReader, IsDroppedWhileOthersKeepReceiving) {
  WsClient slow(port());
  WsClient fast(port());
  ASSERT_TRUE(probe_.sessions_started.wait_for(2));
  ASSERT_EQ(fast.read(), "hello " + std::string(kUser));
  // Larger than what the sockets' buffers hold after a few dozen messages.
  const std::string big(256 << 10, 'x');

  int pushed = 0;
  while (probe_.sessions_ended.get() == 0 && pushed < 400) {
    broadcast(big);
    ++pushed;
    ASSERT_EQ(fast.read(), big) << "message " << pushed;
  }

  EXPECT_EQ(probe_.sessions_ended.get(), 1) << "after " << pushed << " messages";
  EXPECT_EQ(broadcast("still here").at("sent"), json::value(1));
  EXPECT_EQ(fast.read(), "still here");
}

TEST_F(WebSocketRoute, DrainClosesTheConnectionAsGoingAwayAndRunReturns) {
  WsClient client(port());
  ASSERT_EQ(client.read(), "hello " + std::string(kUser));

  const auto stopped_at = std::chrono::steady_clock::now();
  server_->stop();

  EXPECT_EQ(client.read_until_closed(), websocket::error::closed);
  EXPECT_EQ(client.reason().code, websocket::close_code::going_away);
  ASSERT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, 5s) << "the drain deadline is 20 s";
  EXPECT_EQ(probe_.sessions_ended.get(), 1);
}

}  // namespace
}  // namespace classroom::core::http
