#include "core/http/client.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/system/system_error.hpp>
#include <boost/url/parse.hpp>
#include <deque>
#include <stdexcept>
#include <vector>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "core/http/internal_credential.hpp"
#include "core/text.hpp"

namespace classroom::core::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using RawRequest = bhttp::request<bhttp::string_body>;
using RawResponse = bhttp::response<bhttp::string_body>;

ClientSettings client_settings_from_env(std::string_view peer, std::string_view default_url) {
  std::string prefix = "CLASSROOM_" + std::string(peer) + "_";
  ClientSettings s;
  s.base_url = config::get_string(prefix + "URL", default_url);
  s.name = ascii_lower(peer);
  s.request_timeout = config::get_seconds(
      prefix + "TIMEOUT", std::chrono::duration_cast<std::chrono::seconds>(s.request_timeout));
  if (s.request_timeout.count() == 0) {
    throw std::invalid_argument(prefix + "TIMEOUT must be at least 1s");
  }
  s.internal_token = config::get_string("CLASSROOM_INTERNAL_TOKEN", "");
  return s;
}

std::optional<std::string_view> ClientResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) {
      return value;
    }
  }
  return std::nullopt;
}

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t kMaxHeaderBytes = 16 << 10;

struct Connection {
  explicit Connection(asio::io_context& io) : stream(io) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  SteadyClock::time_point idle_since;
  bool used = false;  // has carried a request: the peer may have closed it since
};

// What one request on one connection came to.
struct Exchange {
  beast::error_code error;
  bool received = false;  // some of an answer arrived
  RawResponse response;
};

// Whether an idle connection can carry another request: the peer has not
// closed it, reset it or sent anything unasked. A peek that would block is
// the only good answer; it costs one system call and no wait.
bool still_open(Connection& connection) {
  if (connection.buffer.size() != 0) {
    return false;
  }
  beast::error_code ec;
  char byte = 0;
  connection.stream.socket().receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  return ec == asio::error::would_block;
}

// Methods that may be sent again when their first attempt is known to have
// gone nowhere (RFC 9110, 9.2.2).
bool idempotent(Method method) {
  return method == Method::kGet || method == Method::kHead || method == Method::kPut ||
         method == Method::kDelete || method == Method::kOptions;
}

bool plain_text(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

ClientResponse to_client_response(RawResponse&& raw) {
  ClientResponse out;
  out.status = static_cast<int>(raw.result_int());
  for (const auto& field : raw) {
    out.headers.emplace_back(ascii_lower(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(raw.body());
  return out;
}

asio::awaitable<Exchange> exchange(Connection& connection, const RawRequest& request,
                                   const ClientSettings& settings) {
  Exchange out;
  connection.used = true;
  connection.stream.expires_after(settings.request_timeout);
  auto [ec, n] = co_await bhttp::async_write(connection.stream, request, kNoThrow);
  if (ec) {
    out.error = ec;
    co_return out;
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(settings.max_response_bytes);
  parser.skip(request.method() == bhttp::verb::head);
  std::tie(ec, n) =
      co_await bhttp::async_read(connection.stream, connection.buffer, parser, kNoThrow);
  out.error = ec;
  out.received = parser.got_some() || connection.buffer.size() != 0;
  if (!ec) {
    out.response = parser.release();
  }
  co_return out;
}

}  // namespace

struct Client::Impl {
  Impl(asio::io_context& io, ClientSettings s);

  // A connection borrowed for one exchange: discarded unless given back.
  class Lease {
   public:
    Lease(Impl& client, std::unique_ptr<Connection> connection)
        : client_(client), connection_(std::move(connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (connection_) {
        client_.discard(std::move(connection_));
      }
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    void give_back() { client_.release(std::move(connection_)); }

   private:
    Impl& client_;
    std::unique_ptr<Connection> connection_;
  };

  // A caller queued for a connection. It lives in that caller's frame;
  // release() hands it a connection, or the right to open one, and wakes it
  // by cancelling its timer.
  struct Waiter {
    Waiter(Impl& client, SteadyClock::time_point deadline)
        : client(client), timer(client.io, deadline) {
      client.waiters.push_back(this);
    }
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    // Whatever was handed over and not taken goes back, so that a frame
    // destroyed without resuming leaks no slot.
    ~Waiter() {
      std::erase(client.waiters, this);
      if (connection) {
        client.release(std::move(connection));
      } else if (may_connect) {
        --client.open;
        client.pass_slot();
      }
    }

    Impl& client;
    asio::steady_timer timer;
    std::unique_ptr<Connection> connection;
    bool may_connect = false;
  };

  asio::awaitable<ClientResponse> send(Method method, std::string target, Headers headers,
                                       std::string body);
  RawRequest make_request(Method method, std::string_view target, const Headers& headers,
                          std::string body) const;
  asio::awaitable<std::unique_ptr<Connection>> acquire();
  std::unique_ptr<Connection> take_idle();
  asio::awaitable<std::unique_ptr<Connection>> connect();
  asio::awaitable<std::unique_ptr<Connection>> open_connection();
  asio::awaitable<std::vector<tcp::endpoint>> resolve(SteadyClock::time_point deadline);
  void release(std::unique_ptr<Connection> connection);
  void discard(std::unique_ptr<Connection> connection);
  void pass_slot();
  Error failure(const Exchange& exchange) const;
  Error unavailable(std::string_view reason) const;

  asio::io_context& io;
  ClientSettings settings;
  std::string host;
  std::string port;
  std::string host_header;
  std::optional<tcp::endpoint> address;           // when the URL names an address, not a host name
  std::vector<std::unique_ptr<Connection>> idle;  // most recently used last
  std::deque<Waiter*> waiters;                    // first come, first served
  std::size_t open = 0;                           // idle, in use or being opened
};

Client::Impl::Impl(asio::io_context& io, ClientSettings s) : io(io), settings(std::move(s)) {
  auto url = boost::urls::parse_uri(settings.base_url);
  bool usable = url && url->scheme() == "http" && !url->host().empty() && !url->has_userinfo() &&
                (url->path().empty() || url->path() == "/") && !url->has_query() &&
                !url->has_fragment();
  if (!usable) {
    throw std::invalid_argument("not an http://host[:port] URL: " + settings.base_url);
  }
  if (settings.pool_size == 0) {
    throw std::invalid_argument("an HTTP client needs a pool of at least one connection");
  }
  host = url->host_address();
  auto port_number = url->port_number() != 0 ? url->port_number() : std::uint16_t{80};
  port = std::to_string(port_number);
  host_header = url->encoded_host_and_port();
  if (settings.name.empty()) {
    settings.name = host_header;
  }
  beast::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (!ec) {
    address.emplace(ip, port_number);
  }
}

asio::awaitable<ClientResponse> Client::Impl::send(Method method, std::string target,
                                                   Headers headers, std::string body) {
  RawRequest request = make_request(method, target, headers, std::move(body));
  for (int attempt = 1;; ++attempt) {
    Lease lease(*this, co_await acquire());
    bool reused = lease->used;
    Exchange outcome = co_await exchange(*lease, request, settings);
    if (!outcome.error) {
      bool keep_alive = outcome.response.keep_alive();
      ClientResponse response = to_client_response(std::move(outcome.response));
      if (keep_alive) {
        lease.give_back();
      }
      co_return response;
    }
    // A pooled connection the peer closed just as the request went out. The
    // peer may or may not have acted on it, so only a request that may be
    // repeated without harm goes once more.
    bool stale = reused && !outcome.received && outcome.error != beast::error::timeout;
    if (!(stale && idempotent(method) && attempt == 1)) {
      throw failure(outcome);
    }
  }
}

RawRequest Client::Impl::make_request(Method method, std::string_view target,
                                      const Headers& headers, std::string body) const {
  // A bad target or header is the calling code's bug, never the peer's.
  if (!target.starts_with('/') || !boost::urls::parse_origin_form(target)) {
    throw Error(ErrorCode::kInternal, "not a request target: " + std::string(target));
  }
  if (method == Method::kOther) {
    throw Error(ErrorCode::kInternal, "the HTTP client sends only the methods core knows");
  }
  RawRequest request(bhttp::string_to_verb(method_name(method)), target, 11);
  request.set(bhttp::field::host, host_header);
  for (const auto& [name, value] : headers) {
    if (name.empty() || !plain_text(name) || !plain_text(value)) {
      throw Error(ErrorCode::kInternal, "a header with control characters: " + name);
    }
    request.set(name, value);
  }
  if (!settings.internal_token.empty()) {
    request.set(kInternalTokenHeader, settings.internal_token);
  }
  if (!body.empty() && request.find(bhttp::field::content_type) == request.end()) {
    request.set(bhttp::field::content_type, "application/json");
  }
  request.body() = std::move(body);
  request.keep_alive(true);
  request.prepare_payload();
  return request;
}

asio::awaitable<std::unique_ptr<Connection>> Client::Impl::acquire() {
  // Newcomers queue behind waiters, so nobody waits forever.
  if (waiters.empty()) {
    if (std::unique_ptr<Connection> connection = take_idle()) {
      co_return connection;
    }
    if (open < settings.pool_size) {
      ++open;
      co_return co_await connect();
    }
  }
  if (waiters.size() >= settings.max_waiting) {
    throw unavailable(std::to_string(waiters.size()) + " calls are already waiting");
  }
  Waiter waiter(*this, SteadyClock::now() + settings.acquire_timeout);
  auto [error] = co_await waiter.timer.async_wait(kNoThrow);
  if (waiter.connection) {
    co_return std::move(waiter.connection);
  }
  if (waiter.may_connect) {
    waiter.may_connect = false;
    co_return co_await connect();
  }
  if (error) {
    throw boost::system::system_error(error);  // cancelled by the caller
  }
  throw unavailable("all " + std::to_string(settings.pool_size) + " connections stayed busy for " +
                    std::to_string(settings.acquire_timeout.count()) + " ms");
}

std::unique_ptr<Connection> Client::Impl::take_idle() {
  auto now = SteadyClock::now();
  while (!idle.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle.back());
    idle.pop_back();
    if (now - connection->idle_since < settings.idle_timeout && still_open(*connection)) {
      return connection;
    }
    // Closed by the peer (restart, its keep-alive timeout) or idle too long:
    // the caller opens a fresh one in its place.
    --open;
  }
  return nullptr;
}

asio::awaitable<std::unique_ptr<Connection>> Client::Impl::connect() {
  // `open` already counts this connection, so that others opening at the
  // same time never exceed the pool size.
  try {
    co_return co_await open_connection();
  } catch (...) {
    --open;
    pass_slot();
    throw;
  }
}

asio::awaitable<std::unique_ptr<Connection>> Client::Impl::open_connection() {
  auto deadline = SteadyClock::now() + settings.connect_timeout;
  std::vector<tcp::endpoint> endpoints;
  if (address) {
    endpoints.push_back(*address);
  } else {
    endpoints = co_await resolve(deadline);
  }
  auto connection = std::make_unique<Connection>(io);
  connection->stream.expires_at(deadline);
  auto [ec, endpoint] = co_await connection->stream.async_connect(endpoints, kNoThrow);
  if (ec == beast::error::timeout) {
    throw unavailable("no connection within " + std::to_string(settings.connect_timeout.count()) +
                      " ms");
  }
  if (ec) {
    throw unavailable("cannot connect: " + ec.message());
  }
  auto& socket = connection->stream.socket();
  socket.set_option(tcp::no_delay(true), ec);
  // For still_open()'s peek; asynchronous operations are unaffected.
  socket.non_blocking(true, ec);
  co_return connection;
}

asio::awaitable<std::vector<tcp::endpoint>> Client::Impl::resolve(
    SteadyClock::time_point deadline) {
  using namespace asio::experimental::awaitable_operators;
  tcp::resolver resolver(io);
  asio::steady_timer timer(io, deadline);
  auto race = resolver.async_resolve(host, port, kNoThrow) || timer.async_wait(kNoThrow);
  auto outcome = co_await std::move(race);
  if (outcome.index() != 0) {
    throw unavailable("cannot resolve " + host + " within " +
                      std::to_string(settings.connect_timeout.count()) + " ms");
  }
  auto [ec, results] = std::get<0>(std::move(outcome));
  if (ec) {
    throw unavailable("cannot resolve " + host + ": " + ec.message());
  }
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : results) {
    endpoints.push_back(entry.endpoint());
  }
  co_return endpoints;
}

void Client::Impl::release(std::unique_ptr<Connection> connection) {
  if (!waiters.empty()) {
    Waiter* waiter = waiters.front();
    waiters.pop_front();
    waiter->connection = std::move(connection);
    waiter->timer.cancel();
    return;
  }
  auto now = SteadyClock::now();
  connection->idle_since = now;
  idle.push_back(std::move(connection));
  // The least recently used go first once too old, so that a quiet client
  // does not hold connections that the peer is about to close.
  while (!idle.empty() && now - idle.front()->idle_since >= settings.idle_timeout) {
    idle.erase(idle.begin());
    --open;
  }
}

void Client::Impl::discard(std::unique_ptr<Connection> connection) {
  connection.reset();
  --open;
  pass_slot();
}

void Client::Impl::pass_slot() {
  if (waiters.empty() || open >= settings.pool_size) {
    return;
  }
  Waiter* waiter = waiters.front();
  waiters.pop_front();
  waiter->may_connect = true;
  ++open;
  waiter->timer.cancel();
}

Error Client::Impl::failure(const Exchange& exchange) const {
  const auto& ec = exchange.error;
  if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
    return Error(ErrorCode::kInternal, settings.name + " answered more than " +
                                           std::to_string(settings.max_response_bytes) + " bytes");
  }
  if (ec == beast::error::timeout) {
    return unavailable("no answer within " + std::to_string(settings.request_timeout.count()) +
                       " ms");
  }
  if (ec == bhttp::error::end_of_stream) {
    return unavailable("the connection closed before an answer");
  }
  if (ec == bhttp::error::partial_message) {
    return unavailable("the connection closed in the middle of the answer");
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
    return Error(ErrorCode::kInternal,
                 settings.name + " answered with malformed HTTP: " + ec.message());
  }
  return unavailable(ec.message());
}

Error Client::Impl::unavailable(std::string_view reason) const {
  return Error(ErrorCode::kUnavailable, settings.name + " unavailable: " + std::string(reason))
      .with_retry_after(std::chrono::seconds(1));
}

Client::Client(asio::io_context& ioc, ClientSettings settings)
    : impl_(std::make_unique<Impl>(ioc, std::move(settings))) {}

Client::~Client() = default;

asio::awaitable<ClientResponse> Client::get(std::string target, Headers headers) {
  return impl_->send(Method::kGet, std::move(target), std::move(headers), {});
}

asio::awaitable<ClientResponse> Client::post(std::string target, std::string body,
                                             Headers headers) {
  return impl_->send(Method::kPost, std::move(target), std::move(headers), std::move(body));
}

asio::awaitable<ClientResponse> Client::send(Method method, std::string target, Headers headers,
                                             std::string body) {
  return impl_->send(method, std::move(target), std::move(headers), std::move(body));
}

}  // namespace classroom::core::http
