#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <mutex>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/http/internal_credential.hpp"
#include "core/http/router.hpp"
#include "core/http/server.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/tests/http_test_support.hpp"

namespace classroom::core::http {
namespace {

using namespace tests;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using asio::awaitable;
using namespace std::chrono_literals;

constexpr std::size_t kMaxBody = 1024;
constexpr std::string_view kSecret = "password=hunter2 at db.internal:5432";
constexpr std::array<std::string_view, 3> kChunks{"one,", "two,", "three"};
constexpr std::string_view kMetricsToken = "the scrapers' token, 16+";
constexpr std::string_view kUser = "01932c4e-0000-7000-8000-000000000001";

ServerSettings test_settings() {
  ServerSettings settings;
  settings.port = 0;
  settings.threads = 2;
  settings.max_body_bytes = kMaxBody;
  // Long enough that a test passing quickly cannot be a test that waited for
  // a timeout: draining must close idle connections itself.
  settings.read_timeout = 30s;
  settings.write_timeout = 5s;
  settings.drain_timeout = 20s;
  settings.identity = test_identity_settings();
  settings.internal_token = std::string(kTestInternalToken);
  settings.metrics_token = std::string(kMetricsToken);
  return settings;
}

// What the test controls and observes in every worker's App.
class Probe {
 public:
  std::atomic<bool> ready{true};
  std::atomic<int> stops{0};

  void slow_request_started() {
    std::lock_guard lock(mutex_);
    ++slow_started_;
    changed_.notify_all();
  }
  bool wait_for_slow_requests(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kStepTimeout, [&] { return slow_started_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int slow_started_ = 0;
};

Response stream_chunks() {
  Response response;
  response.set_header("Content-Type", "text/plain");
  response.hand_over(BodyStream([](BodyWriter& out) -> awaitable<void> {
    for (std::string_view chunk : kChunks) {
      if (!co_await out.write(chunk)) {
        co_return;
      }
    }
  }));
  return response;
}

class TestApp final : public App {
 public:
  explicit TestApp(Probe& probe) : probe_(probe) {
    router_.add(Method::kGet, "/items/{id}", [](Request& request) -> awaitable<Response> {
      co_return Response::json(200, json::serialize(json::object{{"id", request.param("id")}}));
    });
    router_.add(Method::kPost, "/items", [](Request& request) -> awaitable<Response> {
      co_return Response::json(201, json::serialize(json::object{{"bytes", request.body.size()}}));
    });
    router_.add(Method::kGet, "/validated", [](Request& request) -> awaitable<Response> {
      if (request.query("title").value_or("").empty()) {
        throw invalid_field("title", "must not be empty");
      }
      co_return Response::no_content();
    });
    router_.add(Method::kGet, "/whoami", [](Request& request) -> awaitable<Response> {
      auto who = request.identity();
      co_return Response::json(
          200, json::serialize(json::object{{"user", who ? who->user_id : std::string()},
                                            {"role", who ? who->role : std::string()},
                                            {"address", request.client_address}}));
    });
    router_.add(Method::kGet, "/internal/ping", [](Request&) -> awaitable<Response> {
      co_return Response::json(200, R"({"pong":true})");
    });
    router_.add(Method::kGet, "/cacheable", [](Request&) -> awaitable<Response> {
      auto response = Response::json(200, "{}");
      response.set_header("Cache-Control", "private, max-age=5");
      co_return response;
    });
    router_.add(Method::kGet, "/crash", [](Request&) -> awaitable<Response> {
      co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
      throw std::runtime_error("cannot connect: " + std::string(kSecret));
    });
    router_.add(Method::kGet, "/stream",
                [](Request&) -> awaitable<Response> { co_return stream_chunks(); });
    router_.add(Method::kGet, "/slow", [this](Request&) -> awaitable<Response> {
      probe_.slow_request_started();
      asio::steady_timer work(co_await asio::this_coro::executor, 300ms);
      co_await work.async_wait(asio::use_awaitable);
      co_return Response::json(200, R"({"slow":true})");
    });
  }

  const Router& router() const override { return router_; }
  awaitable<bool> ready() override { co_return probe_.ready.load(); }
  void stop() override { probe_.stops.fetch_add(1); }

 private:
  Probe& probe_;
  Router router_;
};

class HttpServer : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.start(
        [this](asio::io_context&, std::size_t) { return std::make_unique<TestApp>(probe_); });
    // The acceptors listen once start() returns: connections made before
    // run() gets going wait in the backlog, so no test waits for readiness.
    running_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  void TearDown() override {
    server_.stop();
    if (!running_.valid()) {
      return;  // the test waited for run() itself
    }
    EXPECT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready)
        << "run() did not return after stop()";
  }

  std::uint16_t port() const { return server_.port(); }

  Metrics metrics_;
  Probe probe_;
  Server server_{test_settings(), metrics_};
  std::future<void> running_;
};

TEST_F(HttpServer, RoutedGetAnswersWithTheHandlersResponseAndANewRequestId) {
  Client client(port());
  auto response = client.send(get("/items/42"));

  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_EQ(response[bhttp::field::content_type], "application/json");
  EXPECT_EQ(body_json(response), (json::object{{"id", "42"}}));
  EXPECT_TRUE(is_uuid(response["X-Request-Id"])) << response["X-Request-Id"];
}

TEST_F(HttpServer, IncomingRequestIdIsEchoed) {
  Client client(port());
  auto request = get("/items/42");
  request.set("X-Request-Id", "trace-from-gateway-7");

  auto response = client.send(request);

  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_EQ(response["X-Request-Id"], "trace-from-gateway-7");
}

TEST_F(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  Client client(port());
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE("request " + std::to_string(i));
    auto response = client.send(get("/items/" + std::to_string(i)));
    EXPECT_EQ(response.result(), bhttp::status::ok);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(body_json(response), (json::object{{"id", std::to_string(i)}}));
  }
  auto posted = client.send(request(bhttp::verb::post, "/items", R"({"title":"x"})"));
  EXPECT_EQ(posted.result(), bhttp::status::created);
}

TEST_F(HttpServer, UnknownPathIsNotFoundProblem) {
  Client client(port());
  auto response = client.send(get("/nowhere"));

  expect_problem(response, 404, "/problems/not-found");
  EXPECT_EQ(body_json(response).at("requestId"), json::value(response["X-Request-Id"]));
}

TEST_F(HttpServer, WrongMethodIsMethodNotAllowedWithAllow) {
  Client client(port());
  auto response = client.send(request(bhttp::verb::delete_, "/items/42"));

  expect_problem(response, 405, "/problems/method-not-allowed");
  EXPECT_EQ(response[bhttp::field::allow], "GET, HEAD");
}

TEST_F(HttpServer, InvalidFieldIsUnprocessableWithTheFieldErrors) {
  Client client(port());
  auto response = client.send(get("/validated?title="));

  expect_problem(response, 422, "/problems/invalid-fields");
  EXPECT_EQ(body_json(response).at("errors"),
            (json::array{json::object{{"field", "title"}, {"message", "must not be empty"}}}));

  EXPECT_EQ(client.send(get("/validated?title=Algebra")).result(), bhttp::status::no_content)
      << "the connection stays usable after a problem";
}

TEST_F(HttpServer, UnexpectedExceptionIsInternalErrorThatDoesNotRevealItsText) {
  Client client(port());
  auto response = client.send(get("/crash"));

  expect_problem(response, 500, "/problems/internal");
  EXPECT_EQ(response.body().find("hunter2"), std::string::npos) << response.body();
  EXPECT_EQ(response.body().find("db.internal"), std::string::npos) << response.body();
}

TEST_F(HttpServer, BodyOfExactlyTheLimitIsAccepted) {
  Client client(port());
  auto response = client.send(request(bhttp::verb::post, "/items", std::string(kMaxBody, 'a')));

  EXPECT_EQ(response.result(), bhttp::status::created);
  EXPECT_EQ(body_json(response).at("bytes"), json::value(kMaxBody));
}

TEST_F(HttpServer, BodyOverTheLimitWithContentLengthIsPayloadTooLarge) {
  Client client(port());
  client.write(request(bhttp::verb::post, "/items", std::string(kMaxBody + 1, 'a')));
  auto response = client.read();

  expect_problem(response, 413, "/problems/payload-too-large");
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServer, DeclaredBodyOverTheLimitIsRefusedBeforeItIsSent) {
  Client client(port());
  // Only the headers: a server waiting for the body would never answer.
  client.write_raw(
      "POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 1000000\r\n\r\n");
  auto response = client.read();

  expect_problem(response, 413, "/problems/payload-too-large");
}

std::string chunked_post(int chunks, std::size_t chunk_size) {
  std::string raw =
      "POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < chunks; ++i) {
    raw += fmt::format("{:x}\r\n{}\r\n", chunk_size, std::string(chunk_size, 'a'));
  }
  return raw + "0\r\n\r\n";
}

TEST_F(HttpServer, ChunkedBodyOverTheLimitIsPayloadTooLarge) {
  Client client(port());
  client.write_raw(chunked_post(4, kMaxBody / 2));
  auto response = client.read();

  expect_problem(response, 413, "/problems/payload-too-large");
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServer, ChunkedBodyWithinTheLimitIsAccepted) {
  Client client(port());
  client.write_raw(chunked_post(2, kMaxBody / 2));
  auto response = client.read();

  EXPECT_EQ(response.result(), bhttp::status::created);
  EXPECT_EQ(body_json(response).at("bytes"), json::value(kMaxBody));
}

TEST_F(HttpServer, HealthzIsOk) {
  Client client(port());
  auto response = client.send(get("/healthz"));

  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_EQ(body_json(response), (json::object{{"status", "ok"}}));
}

TEST_F(HttpServer, ReadyzFollowsTheAppsReadiness) {
  Client client(port());
  EXPECT_EQ(client.send(get("/readyz")).result(), bhttp::status::ok);

  probe_.ready = false;
  auto response = client.send(get("/readyz"));
  expect_problem(response, 503, "/problems/unavailable");
  EXPECT_EQ(response[bhttp::field::retry_after], "1");

  probe_.ready = true;
  EXPECT_EQ(client.send(get("/readyz")).result(), bhttp::status::ok);
}

ClientRequest scrape(std::string_view token) {
  auto request = get("/metrics");
  request.set(bhttp::field::authorization, "Bearer " + std::string(token));
  return request;
}

TEST_F(HttpServer, MetricsCountRequestsByRoute) {
  Client client(port());
  client.send(get("/items/1"));
  client.send(get("/items/2"));
  client.send(get("/nowhere"));

  auto response = client.send(scrape(kMetricsToken));

  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_TRUE(response[bhttp::field::content_type].starts_with("text/plain"));
  const std::string& text = response.body();
  EXPECT_NE(text.find("# TYPE http_requests_total counter\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find("\nhttp_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("\nhttp_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"),
      std::string::npos)
      << text;
}

TEST_F(HttpServer, StreamingResponseArrivesCompleteInChunks) {
  Client client(port());
  client.write(get("/stream"));
  int chunks = 0;
  auto response = client.read(&chunks);

  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_TRUE(response.chunked());
  EXPECT_EQ(response.body(), "one,two,three");
  EXPECT_EQ(chunks, 3);
  EXPECT_TRUE(is_uuid(response["X-Request-Id"]));

  EXPECT_EQ(client.send(get("/items/1")).result(), bhttp::status::ok)
      << "the connection stays usable after a streamed response";
}

TEST_F(HttpServer, StopLetsTheRequestInFlightFinishThenRunReturnsAndRefusesConnections) {
  Client idle(port());
  EXPECT_EQ(idle.send(get("/healthz")).result(), bhttp::status::ok);
  Client busy(port());
  busy.write(get("/slow"));
  ASSERT_TRUE(probe_.wait_for_slow_requests(1));

  const auto stopped_at = std::chrono::steady_clock::now();
  server_.stop();

  auto response = busy.read();
  EXPECT_EQ(response.result(), bhttp::status::ok);
  EXPECT_EQ(response.body(), R"({"slow":true})");
  EXPECT_FALSE(response.keep_alive()) << "a draining server closes the connection";
  EXPECT_TRUE(idle.closed_by_server()) << "an idle keep-alive connection is closed";

  ASSERT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready);
  running_.get();
  // Neither the read timeout (30 s) nor the drain deadline (20 s) was waited for.
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, 5s);
  EXPECT_EQ(probe_.stops.load(), 2) << "each worker's App is told to stop";
  EXPECT_TRUE(refuses_connections(port()));
}

ClientRequest as_gateway(std::string_view path,
                         const Identity& who = test_user(std::string(kUser))) {
  auto request = get(path);
  sign_as(request, who);
  request.set("X-Real-IP", "192.0.2.10");
  return request;
}

TEST_F(HttpServer, IdentityAndClientAddressComeFromTheGatewayOnLoopback) {
  Client client(port());
  auto seen = body_json(client.send(as_gateway("/whoami")));
  EXPECT_EQ(seen.at("user"), json::value("01932c4e-0000-7000-8000-000000000001"));
  EXPECT_EQ(seen.at("address"), json::value("192.0.2.10"));
}

TEST_F(HttpServer, NoAnswerIsSniffedAndNoneToAnIdentifiedCallerIsCached) {
  Client client(port());
  auto anonymous = client.send(get("/items/42"));
  EXPECT_EQ(anonymous["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(anonymous.count(bhttp::field::cache_control), 0U);

  auto identified = client.send(as_gateway("/whoami"));
  EXPECT_EQ(identified["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(identified["Cache-Control"], "no-store");
  auto problem = client.send(as_gateway("/nowhere"));
  EXPECT_EQ(problem.result(), bhttp::status::not_found);
  EXPECT_EQ(problem["Cache-Control"], "no-store");
  // A handler that chose a policy keeps it.
  EXPECT_EQ(client.send(as_gateway("/cacheable"))["Cache-Control"], "private, max-age=5");
}

// A server with `settings` on a free port, for tests of its configuration.
class ServerWith {
 public:
  explicit ServerWith(ServerSettings settings) : server_(std::move(settings), metrics_) {
    server_.start(
        [this](asio::io_context&, std::size_t) { return std::make_unique<TestApp>(probe_); });
    running_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  ~ServerWith() {
    server_.stop();
    EXPECT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready);
  }
  ClientResponse send(const ClientRequest& request) {
    Client client(server_.port());
    return client.send(request);
  }

 private:
  Metrics metrics_;
  Probe probe_;
  Server server_;
  std::future<void> running_;
};

TEST(HttpServerTrust, AnUntrustedPeerSpeaksForNoClientButASignedIdentityStands) {
  ServerSettings settings = test_settings();
  settings.trusted_proxies = "10.0.0.0/8";  // the test client on 127.0.0.1 is not the gateway
  ServerWith server(settings);
  auto seen = body_json(server.send(as_gateway("/whoami")));
  EXPECT_EQ(seen.at("user"), json::value(kUser));
  EXPECT_EQ(seen.at("address"), json::value("127.0.0.1"));
}

ClientRequest unsigned_identity(std::string_view path, std::string_view role) {
  auto request = get(path);
  request.set("X-Auth-User", kUser);
  request.set("X-Auth-Role", role);
  return request;
}

TEST_F(HttpServer, IdentityHeadersWithoutASignatureAreRefusedFromAnyPeer) {
  Client client(port());
  auto response = client.send(unsigned_identity("/whoami", "admin"));
  expect_problem(response, 401, "/problems/unauthenticated");

  auto only_role = get("/whoami");
  only_role.set("X-Auth-Role", "admin");
  expect_problem(client.send(only_role), 401, "/problems/unauthenticated");
  EXPECT_EQ(body_json(client.send(get("/whoami"))).at("user"), json::value(""))
      << "without identity headers a caller is anonymous";
}

TEST_F(HttpServer, ASignedIdentityWithItsRoleChangedIsRefused) {
  Client client(port());
  auto request = as_gateway("/whoami");
  request.set("X-Auth-Role", "admin");
  auto response = client.send(request);

  expect_problem(response, 401, "/problems/unauthenticated");
  EXPECT_EQ(response.body().find(std::string(request["X-Auth-Signature"])), std::string::npos)
      << "the signature is not echoed";
}

TEST_F(HttpServer, AnExpiredSignatureIsRefused) {
  Identity who = test_user(std::string(kUser));
  auto request = get("/whoami");
  sign_as(request, who);
  IdentitySettings short_lived = test_identity_settings();
  short_lived.ttl = 1s;
  auto an_hour_ago = std::chrono::system_clock::now() - 1h;
  request.set(kIdentitySignatureHeader, IdentitySigner(short_lived).sign(who, an_hour_ago));

  Client client(port());
  expect_problem(client.send(request), 401, "/problems/unauthenticated");
}

TEST_F(HttpServer, ASignatureMadeWithAnotherKeyIsRefused) {
  Identity who = test_user(std::string(kUser));
  auto request = get("/whoami");
  sign_as(request, who);
  IdentitySettings other{.key = "I8x_FNEWepQ73Suj_f7cB7BRWBZRJ6e8zS-30cXFY44"};
  request.set(kIdentitySignatureHeader,
              IdentitySigner(other).sign(who, std::chrono::system_clock::now()));

  Client client(port());
  expect_problem(client.send(request), 401, "/problems/unauthenticated");
}

TEST_F(HttpServer, ASignedAdministratorIsOne) {
  Identity admin = test_user(std::string(kUser));
  admin.role = "admin";
  Client client(port());
  EXPECT_EQ(body_json(client.send(as_gateway("/whoami", admin))).at("role"), json::value("admin"));
}

TEST(HttpServerTrust, AServerWithoutAnIdentityKeyAcceptsNoIdentity) {
  ServerSettings settings = test_settings();
  settings.identity = {};
  ServerWith server(settings);
  expect_problem(server.send(as_gateway("/whoami")), 401, "/problems/unauthenticated");
  EXPECT_EQ(server.send(get("/items/1")).result(), bhttp::status::ok);
}

TEST(HttpServerTrust, AnIdentityKeyShorterThan32BytesStopsTheServer) {
  ServerSettings settings = test_settings();
  settings.identity.key = "c2hvcnQ";
  Metrics metrics;
  EXPECT_THROW({ Server server(settings, metrics); }, std::invalid_argument);
}

ClientRequest internal_call(std::string_view token) {
  auto request = get("/internal/ping");
  if (!token.empty()) {
    request.set(std::string(kInternalTokenHeader), token);
  }
  return request;
}

TEST_F(HttpServer, InternalRoutesServeOnlyCallsWithTheServiceCredential) {
  Client client(port());
  expect_problem(client.send(internal_call("")), 401, "/problems/unauthenticated");
  expect_problem(client.send(internal_call("the tests' service credential!")), 401,
                 "/problems/unauthenticated");
  EXPECT_EQ(client.send(internal_call(kTestInternalToken)).result(), bhttp::status::ok);
}

TEST(HttpServerTrust, WithoutAServiceCredentialInternalRoutesServeNoOne) {
  ServerSettings settings = test_settings();
  settings.internal_token.clear();
  ServerWith server(settings);
  expect_problem(server.send(internal_call("")), 401, "/problems/unauthenticated");
  expect_problem(server.send(internal_call(kTestInternalToken)), 401, "/problems/unauthenticated");
}

TEST_F(HttpServer, MetricsAreServedOnlyWithTheScrapersToken) {
  Client client(port());
  auto anonymous = client.send(get("/metrics"));
  expect_problem(anonymous, 401, "/problems/unauthenticated");
  EXPECT_EQ(anonymous[bhttp::field::www_authenticate], "Bearer");
  expect_problem(client.send(scrape("the scrapers' token, 16+ and more")), 401,
                 "/problems/unauthenticated");
  auto lower = get("/metrics");
  lower.set(bhttp::field::authorization, "bearer " + std::string(kMetricsToken));
  EXPECT_EQ(client.send(lower).result(), bhttp::status::ok);
}

TEST(HttpServerTrust, WithoutAMetricsTokenMetricsDoNotExist) {
  ServerSettings settings = test_settings();
  settings.metrics_token.clear();
  ServerWith server(settings);
  expect_problem(server.send(get("/metrics")), 404, "/problems/not-found");
  expect_problem(server.send(scrape(kMetricsToken)), 404, "/problems/not-found");
}

}  // namespace
}  // namespace classroom::core::http
