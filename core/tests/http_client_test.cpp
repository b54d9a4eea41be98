#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.hpp"
#include "core/http/client.hpp"
#include "core/http/router.hpp"
#include "core/http/server.hpp"
#include "core/metrics.hpp"
#include "core/testing/run.hpp"

namespace classroom::core::http {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// Any single step of a test: a call, the peer closing a connection, stopping.
constexpr auto kStepTimeout = 10s;
constexpr std::string_view kToken = "a shared secret of the services";
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// What the test controls and observes in the peer's handlers. The peer has
// one worker thread; `holds` is only touched on it.
struct Probe {
  asio::io_context* worker = nullptr;
  std::vector<asio::steady_timer*> holds;  // requests to /hold, waiting to be let go
  std::atomic<int> held{0};                // requests that have come to /hold
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};

  void let_go() {
    for (auto* timer : holds) {
      timer->cancel();
    }
  }
  // From the test's thread.
  void let_go_from_outside() {
    asio::post(*worker, [this] { let_go(); });
  }
};

class PeerApp final : public App {
 public:
  explicit PeerApp(Probe& probe) : probe_(probe) {
    router_.add(Method::kGet, "/items/{id}", [](Request& request) -> awaitable<Response> {
      json::object body{{"id", request.param("id")},
                        {"trace", request.header("x-trace").value_or("")}};
      co_return Response::json(200, json::serialize(body));
    });
    router_.add(Method::kPost, "/items", [](Request& request) -> awaitable<Response> {
      json::object body{{"received", request.body},
                        {"contentType", request.header("content-type").value_or("")}};
      co_return Response::json(201, json::serialize(body));
    });
    router_.add(Method::kGet, "/bytes/{n}", [](Request& request) -> awaitable<Response> {
      co_return Response::text(200, std::string(std::stoul(std::string(request.param("n"))), 'a'));
    });
    router_.add(Method::kGet, "/slow", [this](Request&) -> awaitable<Response> {
      int now = ++probe_.in_flight;
      probe_.max_in_flight = std::max(probe_.max_in_flight.load(), now);
      asio::steady_timer work(co_await asio::this_coro::executor, 50ms);
      co_await work.async_wait(kNoThrow);
      --probe_.in_flight;
      co_return Response::json(200, R"({"slow":true})");
    });
    // Answers only once the test lets it go (or the peer drains).
    router_.add(Method::kGet, "/hold", [this](Request&) -> awaitable<Response> {
      asio::steady_timer held(co_await asio::this_coro::executor, 10 * kStepTimeout);
      probe_.holds.push_back(&held);
      ++probe_.held;
      co_await held.async_wait(kNoThrow);
      std::erase(probe_.holds, &held);
      co_return Response::json(200, R"({"held":true})");
    });
    router_.add(Method::kGet, "/internal/ping", [](Request&) -> awaitable<Response> {
      co_return Response::json(200, R"({"pong":true})");
    });
  }

  const Router& router() const override { return router_; }
  awaitable<bool> ready() override { co_return true; }
  void stop() override { probe_.let_go(); }

 private:
  Probe& probe_;
  Router router_;
};

ServerSettings peer_settings() {
  ServerSettings settings;
  settings.threads = 1;
  settings.read_timeout = 30s;
  settings.write_timeout = 5s;
  settings.drain_timeout = 5s;
  return settings;
}

// A real core::http::Server on a free port, running on a thread of its own.
class Peer {
 public:
  explicit Peer(ServerSettings settings = peer_settings())
      : server_(std::move(settings), metrics_) {
    server_.start([this](asio::io_context& io, std::size_t) {
      probe.worker = &io;
      return std::make_unique<PeerApp>(probe);
    });
    running_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  ~Peer() {
    server_.stop();
    EXPECT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready)
        << "the peer did not stop";
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  std::uint64_t accepted() {
    return metrics_.counter("http_connections_accepted_total", "TCP connections accepted").value();
  }
  std::uint64_t closed() {
    return metrics_.counter("http_connections_closed_total", "TCP connections closed").value();
  }

  Probe probe;

 private:
  Metrics metrics_;
  Server server_;
  std::future<void> running_;
};

ClientSettings client_settings(const Peer& peer) {
  ClientSettings settings;
  settings.base_url = peer.url();
  settings.name = "peer";
  settings.pool_size = 4;
  settings.connect_timeout = 2s;
  settings.acquire_timeout = 2s;
  settings.request_timeout = 5s;
  return settings;
}

// A call's outcome, once it is done.
struct Outcome {
  bool done = false;
  std::optional<ClientResponse> response;
  std::optional<Error> error;
};

void spawn_call(asio::io_context& io, awaitable<ClientResponse> call, Outcome& out) {
  asio::co_spawn(io, std::move(call), [&out](std::exception_ptr failure, ClientResponse response) {
    out.done = true;
    if (!failure) {
      out.response = std::move(response);
      return;
    }
    try {
      std::rethrow_exception(failure);
    } catch (const Error& e) {
      out.error = e;
    } catch (const std::exception& e) {
      out.error = Error(ErrorCode::kInternal, std::string("not a core::Error: ") + e.what());
    }
  });
}

// Runs `io` until `done()` holds; false when kStepTimeout passed first.
bool run_until(asio::io_context& io, const std::function<bool()>& done) {
  io.restart();
  auto deadline = SteadyClock::now() + kStepTimeout;
  while (!done() && SteadyClock::now() < deadline) {
    io.run_one_for(100ms);
  }
  return done();
}

Outcome call(asio::io_context& io, awaitable<ClientResponse> request) {
  Outcome out;
  spawn_call(io, std::move(request), out);
  EXPECT_TRUE(run_until(io, [&] { return out.done; })) << "the call hung";
  return out;
}

// A successful call's answer.
ClientResponse answer(asio::io_context& io, awaitable<ClientResponse> request) {
  Outcome out = call(io, std::move(request));
  if (out.error) {
    ADD_FAILURE() << "the call failed: " << out.error->what();
  }
  return out.response.value_or(ClientResponse{});
}

// The error a call failed with.
Error failure(asio::io_context& io, awaitable<ClientResponse> request) {
  Outcome out = call(io, std::move(request));
  if (out.response) {
    ADD_FAILURE() << "the call succeeded with status " << out.response->status;
  }
  return out.error.value_or(Error(ErrorCode::kInternal, "no outcome"));
}

json::object body_json(const ClientResponse& response) {
  return json::parse(response.body).as_object();
}

// Polls `condition` (a state of another thread) until it holds or the step
// times out.
bool eventually(const std::function<bool()>& condition) {
  auto deadline = SteadyClock::now() + kStepTimeout;
  while (!condition() && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

TEST(HttpClient, SequentialRequestsShareOneKeptAliveConnection) {
  Peer peer;
  asio::io_context io;
  Client client(io, client_settings(peer));

  for (int i = 0; i < 5; ++i) {
    auto response = answer(io, client.get("/items/" + std::to_string(i)));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(body_json(response).at("id"), json::value(std::to_string(i)));
  }

  EXPECT_EQ(peer.accepted(), 1u);
}

TEST(HttpClient, HeadersAndBodyReachThePeerAndTheAnswerComesBackWhole) {
  Peer peer;
  asio::io_context io;
  Client client(io, client_settings(peer));

  auto got = answer(io, client.get("/items/7", {{"X-Trace", "trace-7"}}));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.header("content-type"), "application/json");
  EXPECT_TRUE(got.header("x-request-id").has_value());
  EXPECT_EQ(body_json(got), (json::object{{"id", "7"}, {"trace", "trace-7"}}));

  auto posted = answer(io, client.post("/items", R"({"title":"Algebra"})"));
  EXPECT_EQ(posted.status, 201);
  EXPECT_EQ(body_json(posted), (json::object{{"received", R"({"title":"Algebra"})"},
                                             {"contentType", "application/json"}}));
}

TEST(HttpClient, PeerAnswersOtherThanSuccessAreReturnedNotThrown) {
  Peer peer;
  asio::io_context io;
  Client client(io, client_settings(peer));

  auto response = answer(io, client.get("/nowhere"));

  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
}

TEST(HttpClient, PeerThatDoesNotAnswerInTimeIsUnavailable) {
  Peer peer;
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.request_timeout = 300ms;
  Client client(io, settings);

  auto started = SteadyClock::now();
  Error error = failure(io, client.get("/hold"));

  EXPECT_EQ(error.code(), ErrorCode::kUnavailable) << error.what();
  EXPECT_EQ(error.retry_after(), std::chrono::seconds(1));
  EXPECT_LT(SteadyClock::now() - started, 3s);
  EXPECT_EQ(answer(io, client.get("/items/1")).status, 200) << "the client recovers";
}

TEST(HttpClient, RefusedConnectionIsUnavailableAtOnce) {
  std::uint16_t port = 0;
  {
    // A port that was free a moment ago and has no listener now.
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  asio::io_context io;
  ClientSettings settings;
  settings.base_url = "http://127.0.0.1:" + std::to_string(port);
  settings.name = "api";
  settings.connect_timeout = 5s;
  Client client(io, settings);

  auto started = SteadyClock::now();
  Error error = failure(io, client.get("/items/1"));

  EXPECT_EQ(error.code(), ErrorCode::kUnavailable) << error.what();
  EXPECT_TRUE(std::string_view(error.what()).starts_with("api unavailable: ")) << error.what();
  EXPECT_LT(SteadyClock::now() - started, 2s) << "a refusal must not wait for the connect timeout";
}

TEST(HttpClient, ConnectionThePeerClosedWhileIdleIsNotReused) {
  ServerSettings server = peer_settings();
  server.read_timeout = 1s;  // the peer closes idle connections after this
  Peer peer(server);
  asio::io_context io;
  Client client(io, client_settings(peer));
  ASSERT_EQ(answer(io, client.get("/items/1")).status, 200);

  ASSERT_TRUE(eventually([&] { return peer.closed() == 1; }))
      << "the peer did not close the idle connection";

  // A POST, which would not be sent twice: the closed connection is noticed
  // before anything is written to it.
  auto posted = answer(io, client.post("/items", "{}"));
  EXPECT_EQ(posted.status, 201);
  EXPECT_EQ(peer.accepted(), 2u);
}

TEST(HttpClient, AnswerLargerThanTheLimitIsRefusedAndTheClientRecovers) {
  Peer peer;
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.max_response_bytes = 1024;
  Client client(io, settings);

  EXPECT_EQ(answer(io, client.get("/bytes/1024")).body.size(), 1024u);

  Error error = failure(io, client.get("/bytes/1025"));
  EXPECT_EQ(error.code(), ErrorCode::kInternal) << error.what();

  EXPECT_EQ(answer(io, client.get("/bytes/10")).body, "aaaaaaaaaa");
}

TEST(HttpClient, CallsBeyondThePoolSizeQueueAndAllSucceed) {
  Peer peer;
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.pool_size = 2;
  Client client(io, settings);

  std::vector<Outcome> outcomes(12);
  for (auto& outcome : outcomes) {
    spawn_call(io, client.get("/slow"), outcome);
  }
  ASSERT_TRUE(run_until(io, [&] {
    return std::all_of(outcomes.begin(), outcomes.end(), [](auto& o) { return o.done; });
  }));

  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.response) << outcome.error->what();
    EXPECT_EQ(outcome.response->status, 200);
  }
  EXPECT_EQ(peer.accepted(), 2u);
  EXPECT_LE(peer.probe.max_in_flight.load(), 2);
}

TEST(HttpClient, CallerWaitingLongerThanTheAcquireTimeoutIsUnavailable) {
  Peer peer;
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.pool_size = 1;
  settings.acquire_timeout = 100ms;
  Client client(io, settings);
  Outcome held;
  spawn_call(io, client.get("/hold"), held);
  ASSERT_TRUE(run_until(io, [&] { return peer.probe.held == 1; }));

  Error error = failure(io, client.get("/items/1"));
  EXPECT_EQ(error.code(), ErrorCode::kUnavailable) << error.what();

  peer.probe.let_go_from_outside();
  ASSERT_TRUE(run_until(io, [&] { return held.done; }));
  ASSERT_TRUE(held.response);
  EXPECT_EQ(held.response->status, 200);
}

TEST(HttpClient, CallersBeyondTheQueueBoundFailAtOnce) {
  Peer peer;
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.pool_size = 1;
  settings.max_waiting = 1;
  Client client(io, settings);

  std::vector<Outcome> outcomes(3);
  for (auto& outcome : outcomes) {
    spawn_call(io, client.get("/slow"), outcome);
  }
  ASSERT_TRUE(run_until(io, [&] { return outcomes[2].done; }));
  ASSERT_TRUE(outcomes[2].error);
  EXPECT_EQ(outcomes[2].error->code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(outcomes[0].done) << "the refusal did not wait for a connection";

  ASSERT_TRUE(run_until(io, [&] { return outcomes[0].done && outcomes[1].done; }));
  EXPECT_EQ(outcomes[0].response->status, 200);
  EXPECT_EQ(outcomes[1].response->status, 200);
}

TEST(HttpClient, BaseUrlOtherThanPlainHttpHostAndPortIsRefused) {
  asio::io_context io;
  for (std::string url : {"", "https://127.0.0.1:8102", "http://127.0.0.1:8102/api",
                          "http://127.0.0.1:8102?x=1", "127.0.0.1:8102", "http://user@h:1"}) {
    ClientSettings settings;
    settings.base_url = url;
    EXPECT_THROW(Client(io, settings), std::invalid_argument) << url;
  }
}

ServerSettings with_internal_token() {
  ServerSettings settings = peer_settings();
  settings.internal_token = kToken;
  return settings;
}

TEST(HttpClient, InternalRouteRefusesACallWithoutTheServiceCredential) {
  Peer peer(with_internal_token());
  asio::io_context io;
  Client client(io, client_settings(peer));

  auto response = answer(io, client.get("/internal/ping"));

  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_EQ(body_json(response).at("type"), json::value("/problems/unauthenticated"));
  EXPECT_EQ(response.header("www-authenticate"), "X-Internal-Token");
}

TEST(HttpClient, InternalRouteRefusesAWrongServiceCredential) {
  Peer peer(with_internal_token());
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.internal_token = std::string(kToken) + "!";
  Client client(io, settings);

  EXPECT_EQ(answer(io, client.get("/internal/ping")).status, 401);
}

TEST(HttpClient, InternalRouteServesACallerWithTheServiceCredential) {
  Peer peer(with_internal_token());
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.internal_token = kToken;
  Client client(io, settings);

  auto response = answer(io, client.get("/internal/ping"));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(body_json(response), (json::object{{"pong", true}}));
}

TEST(HttpClient, RoutesOutsideInternalNeedNoServiceCredential) {
  Peer peer(with_internal_token());
  asio::io_context io;
  Client client(io, client_settings(peer));

  EXPECT_EQ(answer(io, client.get("/items/1")).status, 200);
}

TEST(HttpClient, WithoutAConfiguredTokenInternalRoutesServeNoOne) {
  Peer peer;
  asio::io_context io;
  ClientSettings settings = client_settings(peer);
  settings.internal_token = kToken;
  Client client(io, settings);

  EXPECT_EQ(answer(io, client.get("/internal/ping")).status, 401);
}

TEST(HttpClient, ServiceCredentialShorterThanSixteenCharactersStopsTheServer) {
  ServerSettings settings = peer_settings();
  settings.internal_token = "too short";
  Metrics metrics;
  EXPECT_THROW({ Server server(settings, metrics); }, std::invalid_argument);
}

}  // namespace
}  // namespace classroom::core::http
