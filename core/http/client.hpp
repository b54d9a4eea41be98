#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/request.hpp"

namespace classroom::core::http {

struct ClientSettings {
  // Where the requests go: `http://host[:port]`, nothing more (no path, no
  // TLS: services call each other on the internal network).
  std::string base_url;
  // The peer's name in errors ("api unavailable: …"); default: host and port.
  std::string name;
  std::size_t pool_size = 8;      // connections kept per io_context
  std::size_t max_waiting = 256;  // callers queued for a connection; more fail at once
  std::chrono::milliseconds connect_timeout{1000};  // resolving and connecting
  std::chrono::milliseconds acquire_timeout{1000};  // waiting for a pooled connection
  std::chrono::milliseconds request_timeout{3000};  // sending and receiving a whole exchange
  // An idle connection older than this is closed rather than reused: shorter
  // than the peer's keep-alive timeout (CLASSROOM_HTTP_READ_TIMEOUT, 60 s),
  // so that the peer rarely closes a connection just as it is reused.
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_response_bytes = 1 << 20;  // body; larger answers are refused
  // The service credential, sent as X-Internal-Token on every request
  // (CLASSROOM_INTERNAL_TOKEN); empty: none is sent.
  std::string internal_token;
};

// Reads a client's settings for the peer called `peer` (say "API") from
// CLASSROOM_<PEER>_URL (default `default_url`), CLASSROOM_<PEER>_TIMEOUT
// (request timeout, e.g. `3s`) and CLASSROOM_INTERNAL_TOKEN.
ClientSettings client_settings_from_env(std::string_view peer, std::string_view default_url);

// What the peer answered, whatever the status: 404 or 409 are answers the
// caller interprets; only failing to get an answer throws.
struct ClientResponse {
  int status = 0;
  Headers headers;  // names in lower case
  std::string body;

  std::optional<std::string_view> header(std::string_view lower_name) const;
};

// An HTTP/1.1 client for service-to-service calls (`/internal/*`), on Beast.
// It belongs to one io_context and is used from that thread only, like
// pg::Pool: no locks; a service keeps one per worker.
//
// Connections to the peer are kept alive and reused, at most `pool_size` at
// a time; callers beyond that queue in order (at most `max_waiting`, for at
// most `acquire_timeout`). A pooled connection that the peer has closed is
// noticed before it is reused; should the peer close it while the request
// is on its way, the request is sent once more on a fresh connection, but
// only when that is safe: an idempotent method and no byte of an answer
// received. Idle connections hold no pending operation, so they never keep
// a draining worker's io_context alive.
//
// Every wait has a timeout. A peer that cannot be reached, resets the
// connection or does not answer in time throws Error(kUnavailable) with
// Retry-After 1 s (a handler's caller gets a 503); an answer larger than
// `max_response_bytes`, or one that is not HTTP, throws Error(kInternal).
//
// The Client must outlive the calls made on it and be destroyed before its
// io_context.
//
// Pass the caller's request id on (`{"X-Request-Id", request.request_id}`)
// so that both services' log lines of one request share it.
class Client {
 public:
  // Throws std::invalid_argument when settings.base_url cannot be used.
  Client(boost::asio::io_context& ioc, ClientSettings settings);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // `target` is a path with an optional query, e.g. "/internal/courses/…".
  boost::asio::awaitable<ClientResponse> get(std::string target, Headers headers = {});
  // A JSON body (Content-Type application/json unless `headers` say otherwise).
  boost::asio::awaitable<ClientResponse> post(std::string target, std::string body,
                                              Headers headers = {});
  boost::asio::awaitable<ClientResponse> send(Method method, std::string target, Headers headers,
                                              std::string body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace classroom::core::http
