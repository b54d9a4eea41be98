#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/http/identity_signature.hpp"
#include "core/http/router.hpp"

namespace classroom::core {
class Metrics;
}

namespace classroom::core::http {

struct ServerSettings {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;   // 0: any free port (tests)
  std::size_t threads = 0;  // one io_context per thread; 0: one per core
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  // A request must arrive in full, and a keep-alive connection must send its
  // next request, within this; otherwise the connection is closed.
  std::chrono::seconds read_timeout{60};
  std::chrono::seconds write_timeout{30};
  // On SIGTERM/SIGINT requests in flight get this long to finish.
  std::chrono::seconds drain_timeout{15};
  // Live connections (Server-Sent Events, WebSockets): an idle one gets a
  // heartbeat this often (an SSE comment, a WebSocket ping), well within
  // nginx's proxy_read_timeout; a WebSocket client silent for two intervals
  // is dead and closed. Draining closes them politely.
  std::chrono::milliseconds heartbeat_interval{15000};
  // Messages waiting for one live client; one more and the client is too
  // slow and dropped, so that it never holds anyone else up.
  std::size_t max_queued_messages = 256;
  std::size_t max_websocket_message_bytes = 64 << 10;
  // Peers whose X-Real-IP (the client's address) is honoured: the gateway.
  // See TrustedProxies.
  std::string trusted_proxies = "127.0.0.0/8,::1";
  // The keys that X-Auth-* identity headers must be signed with (see
  // IdentityVerifier); without one, every request carrying identity headers
  // is refused.
  IdentitySettings identity;
  // The service credential that /internal/* endpoints require in
  // X-Internal-Token (see InternalCredential); empty: they serve no one.
  std::string internal_token;
  // The token scrapers present for /metrics (see MetricsAccess); empty:
  // /metrics answers 404.
  std::string metrics_token;
};

// Reads the HTTP settings from CLASSROOM_HTTP_* variables (README lists them).
ServerSettings server_settings_from_env(std::uint16_t default_port);

// What a service plugs into the server: one instance per worker thread, owning
// that thread's connection pools, so workers share nothing.
class App {
 public:
  virtual ~App() = default;
  virtual const Router& router() const = 0;
  // For /readyz: are this service's dependencies reachable?
  virtual boost::asio::awaitable<bool> ready() = 0;
  // Called on the worker's thread when draining starts: cancel background
  // work and close connections that wait on the network, so the worker's
  // io_context runs out of work once requests in flight are done.
  virtual void stop() = 0;
};

// HTTP/1.1 server on Beast with C++20 coroutines: one io_context per thread
// with its own SO_REUSEPORT acceptor, keep-alive, size limits (413) and
// timeouts, graceful drain. Serves /healthz, /readyz and /metrics itself;
// honours identity headers only with a valid signature;
// logs one JSON line and records metrics per request; turns every Error into
// a problem response in one place.
class Server {
 public:
  using AppFactory =
      std::function<std::unique_ptr<App>(boost::asio::io_context& io, std::size_t worker)>;

  Server(ServerSettings settings, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every worker's acceptor and builds its App; port() is known after.
  void start(const AppFactory& factory);
  std::uint16_t port() const;
  // Serves until SIGTERM/SIGINT (or stop()), then drains and returns.
  void run();
  // Starts draining; safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace classroom::core::http
