#include "core/http/server.hpp"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "core/http/identity_signature.hpp"
#include "core/http/internal_credential.hpp"
#include "core/http/live.hpp"
#include "core/http/metrics_access.hpp"
#include "core/http/problem.hpp"
#include "core/http/target.hpp"
#include "core/http/trusted_proxies.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/text.hpp"

namespace classroom::core::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

ServerSettings server_settings_from_env(std::uint16_t default_port) {
  ServerSettings s;
  s.address = config::get_string("CLASSROOM_HTTP_ADDRESS", s.address);
  s.port =
      static_cast<std::uint16_t>(config::get_int("CLASSROOM_HTTP_PORT", default_port, 0, 65535));
  s.threads = static_cast<std::size_t>(config::get_int("CLASSROOM_HTTP_THREADS", 0, 0, 256));
  s.max_body_bytes = static_cast<std::size_t>(
      config::get_int("CLASSROOM_HTTP_MAX_BODY_BYTES", 1 << 20, 1024, 1LL << 30));
  s.read_timeout = config::get_seconds("CLASSROOM_HTTP_READ_TIMEOUT", s.read_timeout);
  s.drain_timeout = config::get_seconds("CLASSROOM_HTTP_DRAIN_TIMEOUT", s.drain_timeout);
  s.heartbeat_interval =
      config::get_seconds("CLASSROOM_HTTP_HEARTBEAT",
                          std::chrono::duration_cast<std::chrono::seconds>(s.heartbeat_interval));
  if (s.heartbeat_interval.count() == 0) {
    // Zero would mean a heartbeat on every turn of the event loop.
    throw std::invalid_argument("CLASSROOM_HTTP_HEARTBEAT must be at least 1s");
  }
  s.trusted_proxies = config::get_string("CLASSROOM_HTTP_TRUSTED_PROXIES", s.trusted_proxies);
  s.identity.key = config::get_string("CLASSROOM_IDENTITY_KEY", "");
  s.identity.previous_key = config::get_string("CLASSROOM_IDENTITY_KEY_PREVIOUS", "");
  s.identity.ttl = config::get_seconds("CLASSROOM_IDENTITY_TTL", s.identity.ttl);
  s.internal_token = config::get_string("CLASSROOM_INTERNAL_TOKEN", s.internal_token);
  s.metrics_token = config::get_string("CLASSROOM_METRICS_TOKEN", s.metrics_token);
  return s;
}

namespace {

// One connection, as the drain logic sees it.
struct Connection {
  beast::tcp_stream* stream;
  bool busy = false;          // between reading a request and finishing its response
  SendQueue* live = nullptr;  // while it serves an event stream or a WebSocket
};

// A request metric's series, found once per worker and label set, so that
// recording a request takes no lock.
struct RequestSeries {
  Counter* count = nullptr;
  Histogram* latency = nullptr;
};

struct Worker {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::unique_ptr<App> app;
  std::list<Connection> connections;
  bool draining = false;
  std::thread thread;
  std::unordered_map<std::string, RequestSeries> series;  // by "route method status"
};

// Takes the body; the header stays for a WebSocket upgrade. Who is calling
// is not settled here: the identity headers stay for IdentityVerifier.
Request to_request(RawRequest& raw, const tcp::endpoint& peer, const TrustedProxies& proxies) {
  // Only the gateway may say who the client is.
  bool trusted = proxies.contains(peer.address());
  Request request;
  request.method = parse_method(raw.method_string());
  request.target = std::string(raw.target());
  auto [path, query_params] = parse_target(request.target);
  request.path = std::move(path);
  request.query_params = std::move(query_params);
  for (const auto& field : raw) {
    std::string name = ascii_lower(field.name_string());
    if (!trusted && name == "x-real-ip") {
      continue;
    }
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(raw.body());
  request.client_address = peer.address().to_string();
  if (auto real = request.header("x-real-ip")) {
    request.client_address = std::string(*real);
  }
  auto id = request.header("x-request-id");
  request.request_id = id && !id->empty() && id->size() <= 128 ? std::string(*id) : new_uuid();
  return request;
}

class ChunkWriter final : public BodyWriter {
 public:
  ChunkWriter(beast::tcp_stream& stream, const Worker& worker, std::chrono::seconds timeout)
      : stream_(stream), worker_(worker), timeout_(timeout) {}

  asio::awaitable<bool> write(std::string_view chunk) override {
    if (failed_ || worker_.draining) {
      co_return false;
    }
    if (chunk.empty()) {
      co_return true;  // an empty chunk would end the body
    }
    stream_.expires_after(timeout_);
    auto [ec, n] = co_await asio::async_write(
        stream_, bhttp::make_chunk(asio::const_buffer(chunk.data(), chunk.size())), kNoThrow);
    failed_ = static_cast<bool>(ec);
    co_return !failed_;
  }
  bool failed() const { return failed_; }

 private:
  beast::tcp_stream& stream_;
  const Worker& worker_;
  std::chrono::seconds timeout_;
  bool failed_ = false;
};

// Headers every answer carries: a browser never guesses another type than
// the one sent, and what an identified caller was answered is theirs alone,
// so no cache keeps it unless the handler chose a policy (the internal
// endpoints' short private caching, an event stream's no-cache).
void protect(Response& response, bool identified) {
  if (!response.header("X-Content-Type-Options")) {
    response.set_header("X-Content-Type-Options", "nosniff");
  }
  if (identified && !response.header("Cache-Control")) {
    response.set_header("Cache-Control", "no-store");
  }
}

}  // namespace

struct Server::Impl {
  Impl(ServerSettings s, Metrics& m)
      : settings(std::move(s)),
        proxies(settings.trusted_proxies),
        identity(settings.identity),
        internal_credential(settings.internal_token),
        metrics_access(settings.metrics_token),
        metrics(m),
        connections_accepted(
            m.counter("http_connections_accepted_total", "TCP connections accepted")),
        connections_closed(m.counter("http_connections_closed_total", "TCP connections closed")) {}

  ServerSettings settings;
  TrustedProxies proxies;
  IdentityVerifier identity;
  InternalCredential internal_credential;
  MetricsAccess metrics_access;
  Metrics& metrics;
  Counter& connections_accepted;
  Counter& connections_closed;
  std::vector<std::unique_ptr<Worker>> workers;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable changed;  // stopping was set, or a worker finished
  std::size_t workers_done = 0;     // guarded by mutex

  asio::awaitable<void> accept_loop(Worker& worker) {
    for (;;) {
      auto [ec, socket] = co_await worker.acceptor.async_accept(kNoThrow);
      if (ec) {
        if (ec == asio::error::operation_aborted || worker.draining) {
          co_return;
        }
        // Out of descriptors and the like: log and keep accepting.
        log::warn("accept failed", {{"error", ec.message()}});
        continue;
      }
      asio::co_spawn(worker.io, session(worker, std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> session(Worker& worker, tcp::socket socket) {
    beast::error_code ignored;
    connections_accepted.add();
    tcp::endpoint peer = socket.remote_endpoint(ignored);
    socket.set_option(tcp::no_delay(true), ignored);
    beast::tcp_stream stream(std::move(socket));
    auto self = worker.connections.insert(worker.connections.end(), Connection{&stream});
    try {
      co_await serve(worker, stream, *self, peer);
    } catch (const std::exception& e) {
      log::error("connection failed", {{"error", e.what()}});
    }
    worker.connections.erase(self);
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
    connections_closed.add();
  }

  asio::awaitable<void> serve(Worker& worker, beast::tcp_stream& stream, Connection& self,
                              const tcp::endpoint& peer) {
    beast::flat_buffer buffer;
    RawRequest raw;
    while (!worker.draining) {
      self.busy = false;
      bool read = co_await read_request(stream, buffer, self, raw);
      if (!read) {
        co_return;
      }
      bool keep_alive = raw.keep_alive();
      bool head = raw.method() == bhttp::verb::head;
      Response response = co_await dispatch(worker, raw, peer);
      if (response.handed_over<WebSocketSession>() != nullptr) {
        co_await serve_live(worker, self, [&](SendQueue& queue) {
          return serve_websocket(stream, raw, response, queue, settings);
        });
        co_return;
      }
      if (response.handed_over<EventProducer>() != nullptr) {
        // The connection ends with the stream: its request and what was read
        // are not needed again, and would be kept for the stream's life.
        raw = RawRequest();
        buffer = beast::flat_buffer();
        co_await serve_event_stream(worker, self, stream, response);
        co_return;
      }
      keep_alive = keep_alive && !worker.draining;
      bool written = false;  // no co_await inside ?: (GCC 12, docs/decisions.md)
      if (response.hand_over_to) {
        written = co_await write_chunked(worker, stream, response, keep_alive);
      } else {
        written = co_await write_response(stream, response, keep_alive, head);
      }
      if (!written || !keep_alive) {
        co_return;
      }
    }
  }

  // Reads the next request into `raw`; false when the connection is to end
  // (closed, timed out, or refused here with an answer). A frame of its own,
  // so that the parser is gone once the request is dispatched.
  asio::awaitable<bool> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                     Connection& self, RawRequest& raw) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(settings.max_header_bytes));
    parser.body_limit(settings.max_body_bytes);
    stream.expires_after(settings.read_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    if (ec) {
      co_await write_error(stream, parser, ec, true);
      co_return false;
    }
    self.busy = true;
    if (parser.get()[bhttp::field::expect] == "100-continue") {
      co_await write_continue(stream);
    }
    std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    if (ec) {
      co_await write_error(stream, parser, ec, false);
      co_return false;
    }
    raw = parser.release();
    co_return true;
  }

  asio::awaitable<Response> dispatch(Worker& worker, RawRequest& raw, const tcp::endpoint& peer) {
    auto started = std::chrono::steady_clock::now();
    // Known methods only: a label per made-up method would grow without bound.
    std::string method(method_name(parse_method(raw.method_string())));
    std::string route = "unmatched";
    std::string request_id;
    std::string path;
    Response response;
    bool identified = false;
    try {
      Request request = to_request(raw, peer, proxies);
      request_id = request.request_id;
      path = request.path;
      identity.admit(request, std::chrono::system_clock::now());
      identified = request.identity().has_value();
      response = co_await route_request(worker, request, raw, route);
    } catch (const Error& e) {
      // The client's problem says only that a dependency is down; which one,
      // and where, is for the log (problem.cpp).
      if (e.code() == ErrorCode::kInternal) {
        log::error("request failed", {{"error", e.what()}, {"requestId", request_id}});
      } else if (e.code() == ErrorCode::kUnavailable && route != "/readyz") {
        log::warn("request failed: a dependency is unavailable",
                  {{"error", e.what()}, {"requestId", request_id}});
      }
      response = problem_response(e, request_id);
    } catch (const std::exception& e) {
      log::error("request failed", {{"error", e.what()}, {"requestId", request_id}});
      response = problem_response(Error(ErrorCode::kInternal, e.what()), request_id);
    }
    if (request_id.empty()) {
      request_id = new_uuid();
    }
    response.set_header("X-Request-Id", request_id);
    protect(response, identified);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string status = std::to_string(response.status);
    RequestSeries& series = worker.series[route + ' ' + method + ' ' + status];
    if (series.count == nullptr) {
      Labels labels{{"route", route}, {"method", method}, {"status", status}};
      series.count = &metrics.counter("http_requests_total",
                                      "HTTP requests by route, method and status", labels);
      series.latency = &metrics.histogram("http_request_duration_seconds",
                                          "HTTP request latency by route, method and status",
                                          labels, Metrics::latency_buckets());
    }
    series.count->add();
    series.latency->observe(seconds);
    if (route != "/healthz" && route != "/metrics") {
      log::info("request", {{"requestId", request_id},
                            {"method", method},
                            {"path", path},
                            {"route", route},
                            {"status", response.status},
                            {"durationMs", std::round(seconds * 1e6) / 1e3}});
    }
    co_return response;
  }

  asio::awaitable<Response> route_request(Worker& worker, Request& request, const RawRequest& raw,
                                          std::string& route) {
    bool builtin =
        request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics";
    if (builtin && request.method != Method::kGet && request.method != Method::kHead) {
      route = request.path;
      throw Error(ErrorCode::kMethodNotAllowed, "only GET is served here")
          .with_header("Allow", "GET, HEAD");
    }
    if (request.path == "/healthz") {
      route = "/healthz";
      co_return Response::json(200, R"({"status":"ok"})");
    }
    if (request.path == "/readyz") {
      route = "/readyz";
      bool ready = !worker.draining && co_await worker.app->ready();
      if (!ready) {
        throw Error(ErrorCode::kUnavailable, "a dependency is unreachable")
            .with_retry_after(std::chrono::seconds(1));
      }
      co_return Response::json(200, R"({"status":"ready"})");
    }
    if (request.path == "/metrics") {
      route = "/metrics";
      metrics_access.check(request);
      co_return Response::text(200, metrics.render(), "text/plain; version=0.0.4");
    }
    if (is_internal_path(request.path)) {
      internal_credential.check(request);
    }
    auto match = worker.app->router().match(request);
    route = match.route;
    if (match.websocket) {
      if (auto refusal = websocket_refusal(raw)) {
        throw std::move(*refusal);
      }
    }
    co_return co_await match.handler(request);
  }

  Error body_too_large() const {
    return Error(ErrorCode::kPayloadTooLarge,
                 "the request body exceeds " + std::to_string(settings.max_body_bytes) + " bytes");
  }

  // The answer to a request that could not be read, if it gets one; the
  // connection then ends, since what follows on it cannot be read. It still
  // carries the request's id when the headers named one. Apart from
  // read_request, whose frame every request allocates and which must stay
  // under the 1 KiB that Asio recycles (docs/decisions.md).
  asio::awaitable<void> write_error(beast::tcp_stream& stream,
                                    const bhttp::request_parser<bhttp::string_body>& parser,
                                    beast::error_code ec, bool reading_header) {
    std::optional<Error> error;
    if (ec == bhttp::error::header_limit) {
      error = Error(ErrorCode::kPayloadTooLarge, "request headers too large");
    } else if (ec == bhttp::error::body_limit) {
      // Beast compares Content-Length with the body limit while reading the
      // header, so an oversized declared body is refused before it is sent;
      // a chunked one once it has grown over the limit.
      error = body_too_large();
    } else if (reading_header && ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
               ec != asio::error::operation_aborted && ec != asio::error::connection_reset &&
               ec != asio::error::eof) {
      error = Error(ErrorCode::kMalformed, "malformed HTTP request");
    }
    if (!error) {
      co_return;  // the client left, went silent, or sent a broken body
    }
    auto sent_id = parser.get()["X-Request-Id"];
    std::string request_id =
        !sent_id.empty() && sent_id.size() <= 128 ? std::string(sent_id) : new_uuid();
    Response response = problem_response(*error, request_id);
    response.set_header("X-Request-Id", request_id);
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
    for (const auto& [name, value] : response.headers) {
      out.set(name, value);
    }
    out.set(bhttp::field::connection, "close");
    out.body() = std::move(response.body);
    out.prepare_payload();
    stream.expires_after(settings.write_timeout);
    co_await bhttp::async_write(stream, out, kNoThrow);
  }

  asio::awaitable<void> write_continue(beast::tcp_stream& stream) {
    bhttp::response<bhttp::empty_body> out{bhttp::status::continue_, 11};
    co_await bhttp::async_write(stream, out, kNoThrow);
  }

  // Returns false when the connection is unusable afterwards. The response
  // every request gets; its frame stays under the 1 KiB that Asio recycles.
  asio::awaitable<bool> write_response(beast::tcp_stream& stream, Response& response,
                                       bool keep_alive, bool head) {
    stream.expires_after(settings.write_timeout);
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
    for (const auto& [name, value] : response.headers) {
      out.set(name, value);
    }
    out.keep_alive(keep_alive);
    out.body() = std::move(response.body);
    out.prepare_payload();
    if (head) {
      out.body().clear();  // Content-Length still tells the GET body's size
    }
    auto [ec, n] = co_await bhttp::async_write(stream, out, kNoThrow);
    co_return !ec;
  }

  // The header of a response whose body is sent chunked after it, in a frame
  // that returns before the body runs (with the serializer and the header).
  asio::awaitable<bool> write_head(beast::tcp_stream& stream, const Response& response,
                                   bool keep_alive) {
    stream.expires_after(settings.write_timeout);
    bhttp::response<bhttp::empty_body> out{static_cast<bhttp::status>(response.status), 11};
    for (const auto& [name, value] : response.headers) {
      out.set(name, value);
    }
    out.keep_alive(keep_alive);
    out.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> serializer(out);
    auto [ec, n] = co_await bhttp::async_write_header(stream, serializer, kNoThrow);
    co_return !ec;
  }

  asio::awaitable<bool> write_last_chunk(beast::tcp_stream& stream) {
    stream.expires_after(settings.write_timeout);
    auto [ec, n] = co_await asio::async_write(stream, bhttp::make_chunk_last(), kNoThrow);
    co_return !ec;
  }

  // A BodyStream's response. Returns false when the connection is unusable
  // afterwards.
  asio::awaitable<bool> write_chunked(Worker& worker, beast::tcp_stream& stream,
                                      const Response& response, bool keep_alive) {
    bool written = co_await write_head(stream, response, keep_alive);
    if (!written) {
      co_return false;
    }
    ChunkWriter writer(stream, worker, settings.write_timeout);
    co_await (*response.handed_over<BodyStream>())(writer);
    if (writer.failed()) {
      co_return false;
    }
    co_return co_await write_last_chunk(stream);
  }

  // An event stream once its handler has answered. After the header, this
  // frame is all that the stream keeps besides its session's and its
  // producer's: the queue, the writer waiting on it inline, the producer run
  // beside it by one co_spawn, and the client watched by a callback (no
  // coroutine, no buffer). docs/decisions.md, "Live connections".
  asio::awaitable<void> serve_event_stream(Worker& worker, Connection& self,
                                           beast::tcp_stream& stream, Response& response) {
    bool written = co_await write_head(stream, response, false);
    if (!written) {
      co_return;
    }
    // The header is written: keep the producer and the id for the log only.
    std::shared_ptr<const HandOver> hand_over = std::move(response.hand_over_to);
    std::string request_id(response.header("X-Request-Id").value_or(""));
    Headers().swap(response.headers);
    SendQueue queue(worker.io.get_executor(), settings.max_queued_messages);
    queue.on_end([&stream](LiveEnd reason) {
      if (reason == LiveEnd::kTooSlow) {
        stream.cancel();  // the write in progress waits on this client: cut it
      }
    });
    self.live = &queue;
    if (worker.draining) {
      queue.end(LiveEnd::kDraining);  // the drain began while its handler ran
    }
    bool watching = false;
    watch_for_hangup(stream.socket(), queue, watching);
    QueueSink sink(queue);
    bool producing = false;
    spawn_producer(*std::get_if<EventProducer>(hand_over.get()), sink, queue, request_id,
                   producing);
    bool failed = false;
    while (!failed) {
      std::string message;
      if (!queue.pop(message)) {
        if (!queue.is_open()) {
          break;
        }
        auto [ec] = co_await queue.wait(settings.heartbeat_interval);
        if (ec) {
          continue;  // woken: a message, or the end
        }
      }
      std::string_view chunk = message.empty() ? kHeartbeat : std::string_view(message);
      auto [ec, n] = co_await write_chunk(stream, chunk);
      if (ec) {
        queue.end(LiveEnd::kPeerGone);
        failed = true;
      }
    }
    // The response ends only once the producer has returned and the watch
    // has stopped (both refer to this frame).
    if (watching) {
      beast::error_code ignored;
      stream.socket().cancel(ignored);
    }
    // The watch's and the producer's completions clear the flags and wake the queue.
    while (watching || producing) {  // NOLINT(bugprone-infinite-loop)
      co_await queue.wait(std::chrono::hours(1));
    }
    self.live = nullptr;
    if (!failed && (queue.state() == LiveEnd::kClosed || queue.state() == LiveEnd::kDraining)) {
      co_await write_last_chunk(stream);
    }
  }

  // Not a coroutine: the chunk's framing lives in the write operation while it
  // runs, not in the stream's frame for its whole life.
  asio::awaitable<std::tuple<beast::error_code, std::size_t>> write_chunk(beast::tcp_stream& stream,
                                                                          std::string_view chunk) {
    stream.expires_after(settings.write_timeout);
    return asio::async_write(
        stream, bhttp::make_chunk(asio::const_buffer(chunk.data(), chunk.size())), kNoThrow);
  }

  // An event stream's client sends nothing after its request, so a read that
  // ends means it hung up: noticed at once rather than at the next heartbeat.
  // A callback waiting for readability, so that an idle stream keeps no
  // buffer and no frame for it; `watching` is true while it waits.
  static void watch_for_hangup(tcp::socket& socket, SendQueue& queue, bool& watching) {
    beast::error_code ec;
    socket.non_blocking(true, ec);  // for the read below; async operations are unaffected
    watching = !ec;
    if (!watching) {
      queue.end(LiveEnd::kPeerGone);
      return;
    }
    socket.async_wait(tcp::socket::wait_read, [&socket, &queue, &watching](beast::error_code ec) {
      if (!ec) {
        std::array<char, 256> ignored;
        socket.read_some(asio::buffer(ignored), ec);
        if (ec == asio::error::would_block) {
          ec = {};
        }
      }
      if (!ec && queue.is_open()) {
        watch_for_hangup(socket, queue, watching);  // it sent something after all: wait on
        return;
      }
      if (ec) {
        queue.end(LiveEnd::kPeerGone);  // nothing if the stream ended first and stopped the watch
      }
      watching = false;
      queue.wake();
    });
  }

  // Runs a live connection registered for draining: `serve(queue)` returns
  // the awaitable that serves it.
  template <class Serve>
  asio::awaitable<void> serve_live(Worker& worker, Connection& self, Serve serve) {
    SendQueue queue(worker.io.get_executor(), settings.max_queued_messages);
    asio::awaitable<void> serving = serve(queue);
    self.live = &queue;
    if (worker.draining) {
      queue.end(LiveEnd::kDraining);  // the drain began while its handler ran
    }
    co_await std::move(serving);
    self.live = nullptr;
  }

  void drain(Worker& worker) {
    worker.draining = true;
    beast::error_code ignored;
    worker.acceptor.close(ignored);
    for (Connection& c : worker.connections) {
      if (c.live != nullptr) {
        c.live->end(LiveEnd::kDraining);  // ends politely, then the connection closes
      } else if (!c.busy) {
        c.stream->socket().cancel(ignored);  // idle keep-alive: stop waiting for a request
      }
    }
    worker.app->stop();
  }
};

Server::Server(ServerSettings settings, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(settings), metrics)) {}

Server::~Server() {
  for (auto& worker : impl_->workers) {
    if (worker->thread.joinable()) {
      worker->io.stop();
      worker->thread.join();
    }
  }
  // Apps go before their io_contexts: their sockets belong to them.
  for (auto& worker : impl_->workers) {
    worker->app.reset();
  }
}

void Server::start(const AppFactory& factory) {
  auto& s = impl_->settings;
  std::size_t threads =
      s.threads > 0 ? s.threads : std::max(1u, std::thread::hardware_concurrency());
  tcp::endpoint endpoint(asio::ip::make_address(s.address), s.port);
  for (std::size_t i = 0; i < threads; ++i) {
    auto worker = std::make_unique<Worker>();
    worker->acceptor.open(endpoint.protocol());
    worker->acceptor.set_option(asio::socket_base::reuse_address(true));
    int one = 1;
    if (::setsockopt(worker->acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one,
                     sizeof(one)) != 0) {
      throw std::runtime_error("SO_REUSEPORT is not available");
    }
    worker->acceptor.bind(endpoint);
    worker->acceptor.listen(asio::socket_base::max_listen_connections);
    if (i == 0) {
      // With port 0 the first bind picks the port; the others share it.
      impl_->port = worker->acceptor.local_endpoint().port();
      endpoint.port(impl_->port);
    }
    worker->app = factory(worker->io, i);
    impl_->workers.push_back(std::move(worker));
  }
}

std::uint16_t Server::port() const { return impl_->port; }

void Server::stop() {
  if (impl_->stopping.exchange(true)) {
    return;
  }
  for (auto& worker : impl_->workers) {
    Worker* w = worker.get();
    asio::post(w->io, [this, w] { impl_->drain(*w); });
  }
  std::lock_guard lock(impl_->mutex);
  impl_->changed.notify_all();
}

void Server::run() {
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) {
      log::info("draining", {{"signal", signal}});
      stop();
    }
  });
  std::thread signal_thread([&] { signals_io.run(); });

  for (auto& worker : impl_->workers) {
    Worker* w = worker.get();
    asio::co_spawn(w->io, impl_->accept_loop(*w), asio::detached);
    w->thread = std::thread([this, w] {
      // Request lines wait for the end of the worker's current round of
      // handlers, so that a busy moment's lines take one write.
      log::defer_on_this_thread([w] { asio::post(w->io, [] { log::flush(); }); });
      w->io.run();
      log::flush();
      std::lock_guard lock(impl_->mutex);
      ++impl_->workers_done;
      impl_->changed.notify_all();
    });
  }
  log::info("listening", {{"address", impl_->settings.address},
                          {"port", static_cast<int>(impl_->port)},
                          {"threads", static_cast<int>(impl_->workers.size())}});
  {
    std::unique_lock lock(impl_->mutex);
    impl_->changed.wait(lock, [&] { return impl_->stopping.load(); });
    // Workers return from run() once their requests are done; past the
    // deadline the rest is cut off.
    auto deadline = std::chrono::steady_clock::now() + impl_->settings.drain_timeout;
    bool drained = impl_->changed.wait_until(
        lock, deadline, [&] { return impl_->workers_done == impl_->workers.size(); });
    if (!drained) {
      log::warn("drain deadline passed; closing remaining connections");
      for (auto& worker : impl_->workers) {
        worker->io.stop();
      }
    }
  }
  for (auto& worker : impl_->workers) {
    worker->thread.join();
  }
  // The signal set belongs to signals_io's thread.
  asio::post(signals_io, [&signals] { signals.cancel(); });
  signal_thread.join();
  log::info("stopped");
}

}  // namespace classroom::core::http
