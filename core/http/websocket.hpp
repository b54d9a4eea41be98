#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>

#include "core/http/response.hpp"

namespace classroom::core::http {

// An accepted WebSocket connection as a session sees it: text messages both
// ways. It lives until the session returns, and is used from the request's
// own thread (its executor). The server answers pings, and pings an idle
// client every ServerSettings::heartbeat_interval; a client that sends
// nothing, not even a pong, for two intervals is dead and is closed.
class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Queues a text message without waiting. False once the connection has
  // ended; a client that lets ServerSettings::max_queued_messages messages
  // pile up is too slow and is dropped, so a sender never blocks on one client.
  virtual bool send(std::string text) = 0;
  // The client's next text message; nullopt once the connection has ended
  // (the client closed it or went away, it was dropped, the server drains,
  // or close() was called). A session that only pushes waits here too.
  virtual boost::asio::awaitable<std::optional<std::string>> receive() = 0;
  virtual bool is_open() const = 0;
  // Closes politely (close code 1000) once the messages already queued are sent.
  virtual void close() = 0;
  // The same, with a reason the client can read (its first 123 bytes), for
  // example that it should connect again.
  virtual void close(std::string reason) = 0;
};

// A WebSocketSession (core/http/response.hpp) runs on an accepted connection.
// When it returns, the connection is closed politely. It outlives the
// request: capture by value what it needs.

// A WebSocket route's handler runs before the upgrade, as any handler does:
// it may refuse by throwing an Error (a problem response, for example 401
// from require_identity()), or accept by returning the session.
using WebSocketHandler = std::function<boost::asio::awaitable<WebSocketSession>(Request&)>;

}  // namespace classroom::core::http
