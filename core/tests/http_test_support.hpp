#pragma once

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/http/identity_signature.hpp"
#include "core/http/server.hpp"

// Helpers shared by the HTTP server's integration tests
// (core/tests/http_*_test.cpp, and services' tests of their live routes): a
// blocking client whose every step has a deadline, and conditions the tests
// wait on.
namespace classroom::core::http::tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Any single step of a test: a request, a response, run() returning.
constexpr auto kStepTimeout = 10s;

// The identity key of the tests' servers (32 bytes, base64url), and the
// service credential.
constexpr std::string_view kTestIdentityKey = "S5Skfba_iz-1nAJBwN7UJop5wUx2mtpCGgjVGOh_0U8";
constexpr std::string_view kTestInternalToken = "the tests' service credential";

inline IdentitySettings test_identity_settings() { return {.key = std::string(kTestIdentityKey)}; }

// Sets `who`'s identity headers on a request (or a WebSocket handshake), signed
// with kTestIdentityKey as auth signs them for the gateway.
template <class Message>
void sign_as(Message& request, const Identity& who) {
  request.set("X-Auth-User", who.user_id);
  request.set("X-Auth-User-Email", who.email);
  request.set("X-Auth-Role", who.role);
  request.set("X-Auth-Session", who.session_id);
  request.set("X-Auth-Email-Verified", who.email_verified ? "true" : "false");
  request.set(kIdentitySignatureHeader,
              IdentitySigner(test_identity_settings()).sign(who, std::chrono::system_clock::now()));
}

// A user signed in with the tests' defaults for the other fields.
inline Identity test_user(std::string user_id) {
  return {std::move(user_id), "user@example.org", "user", "test-session", false};
}

// An address where nothing answers: a bound socket that does not listen
// refuses every connection, and keeps its port from anyone else meanwhile.
class Refusing {
 public:
  Refusing() : socket_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(socket_.local_endpoint().port());
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
};

using ClientRequest = bhttp::request<bhttp::string_body>;
using ClientResponse = bhttp::response<bhttp::string_body>;

inline ClientRequest request(bhttp::verb verb, std::string_view target, std::string body = {}) {
  ClientRequest out{verb, target, 11};
  out.set(bhttp::field::host, "127.0.0.1");
  out.keep_alive(true);
  if (!body.empty()) {
    out.set(bhttp::field::content_type, "application/json");
    out.body() = std::move(body);
    out.prepare_payload();
  }
  return out;
}

inline ClientRequest get(std::string_view target) { return request(bhttp::verb::get, target); }

inline json::object body_json(const ClientResponse& response) {
  return json::parse(response.body()).as_object();
}

// Runs one asynchronous operation of a client on its private io_context, with
// kStepTimeout on `lowest` (the client's tcp_stream), and returns its error.
template <class Start>
beast::error_code complete(asio::io_context& io, beast::tcp_stream& lowest, Start&& start) {
  beast::error_code result = asio::error::would_block;
  lowest.expires_after(kStepTimeout);
  start([&](beast::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run();
  return result;
}

inline void check(const beast::error_code& ec, std::string_view what) {
  if (ec) {
    throw beast::system_error(ec, std::string(what));
  }
}

// One client connection. Its operations are asynchronous on a private
// io_context, each bounded by kStepTimeout, so that a server that never
// answers fails the test rather than hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(io_) {
    stream_.socket().connect({asio::ip::make_address("127.0.0.1"), port});
  }

  void write(const ClientRequest& request) {
    check(complete([&](auto done) { bhttp::async_write(stream_, request, done); }), "write");
  }
  void write_raw(std::string_view bytes) {
    check(complete([&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); }),
          "write");
  }

  // The next response; `chunks` counts the non-empty chunks of a chunked body.
  ClientResponse read(int* chunks = nullptr) {
    // The parser keeps a reference to the callback, which must outlive it.
    auto count_chunk = [chunks](std::uint64_t size, beast::string_view, beast::error_code&) {
      if (chunks != nullptr && size > 0) {
        ++*chunks;
      }
    };
    bhttp::response_parser<bhttp::string_body> parser;
    parser.on_chunk_header(count_chunk);
    check(complete([&](auto done) { bhttp::async_read(stream_, buffer_, parser, done); }), "read");
    return parser.release();
  }

  ClientResponse send(const ClientRequest& request) {
    write(request);
    return read();
  }

  // A streamed response's header; its body then comes from read_some_body().
  bhttp::response_header<> read_header() {
    streamed_.emplace();
    streamed_->body_limit(boost::none);
    check(
        complete([&](auto done) { bhttp::async_read_header(stream_, buffer_, *streamed_, done); }),
        "read header");
    return streamed_->get().base();
  }
  // The streamed body's next bytes as they arrive; "" once it has ended.
  std::string read_some_body() {
    // A read may end on a chunk's header, with no body byte yet.
    while (!streamed_->is_done() && streamed_->get().body().empty()) {
      check(
          complete([&](auto done) { bhttp::async_read_some(stream_, buffer_, *streamed_, done); }),
          "read body");
    }
    return std::exchange(streamed_->get().body(), {});
  }

  // Whether the server has closed the connection: a read ends with EOF.
  bool closed_by_server() {
    std::array<char, 1> byte{};
    auto ec = complete([&](auto done) { stream_.async_read_some(asio::buffer(byte), done); });
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  template <class Start>
  beast::error_code complete(Start&& start) {
    return tests::complete(io_, stream_, std::forward<Start>(start));
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> streamed_;
};

// An event stream (text/event-stream) opened with `open`, read block by block:
// an event or a comment, without the blank line that ends it.
class StreamReader {
 public:
  StreamReader(std::uint16_t port, const ClientRequest& open) : client_(port) {
    client_.write(open);
    header_ = client_.read_header();
  }

  const bhttp::response_header<>& header() const { return header_; }
  // The next block; "" once the stream has ended.
  std::string next_block() {
    std::size_t end;
    while ((end = pending_.find("\n\n")) == std::string::npos) {
      std::string more = client_.read_some_body();
      if (more.empty()) {
        return {};
      }
      pending_ += more;
    }
    std::string block = pending_.substr(0, end);
    pending_.erase(0, end + 2);
    return block;
  }
  // The next event, past heartbeats; "" once the stream has ended.
  std::string next_event() {
    std::string block;
    do {
      block = next_block();
    } while (block.starts_with(':'));
    return block;
  }
  Client& client() { return client_; }

 private:
  Client client_;
  bhttp::response_header<> header_;
  std::string pending_;
};

// Whether a new connection to `port` is refused.
inline bool refuses_connections(std::uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  beast::error_code ec;
  socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  return ec == asio::error::connection_refused;
}

// A one-thread server for live connections (SSE, WebSockets): whatever
// publishes and the connections it reaches share one App.
inline ServerSettings live_settings(std::chrono::milliseconds heartbeat, std::size_t queue_limit) {
  ServerSettings settings;
  settings.port = 0;
  settings.threads = 1;
  settings.read_timeout = 30s;
  settings.write_timeout = 5s;
  settings.drain_timeout = 20s;  // a test that passes quickly did not wait for it
  settings.heartbeat_interval = heartbeat;
  settings.max_queued_messages = queue_limit;
  settings.identity = test_identity_settings();
  return settings;
}

inline void expect_problem(const ClientResponse& response, int status, std::string_view type) {
  EXPECT_EQ(response.result_int(), static_cast<unsigned>(status));
  EXPECT_EQ(response[bhttp::field::content_type], "application/problem+json");
  auto problem = body_json(response);
  EXPECT_EQ(problem.at("status"), json::value(status));
  EXPECT_EQ(problem.at("type"), json::value(type));
}

// A count that tests wait on, bumped from the server's threads.
class Counter {
 public:
  void add() {
    std::lock_guard lock(mutex_);
    ++count_;
    changed_.notify_all();
  }
  int get() {
    std::lock_guard lock(mutex_);
    return count_;
  }
  // Whether the count reaches `at_least` within kStepTimeout.
  bool wait_for(int at_least) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kStepTimeout, [&] { return count_ >= at_least; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

}  // namespace classroom::core::http::tests
