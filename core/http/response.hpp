#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "core/http/request.hpp"

namespace classroom::core::http {

class EventSink;
class WebSocket;

// Where a streaming response writes its body, chunk by chunk (Server-Sent
// Events, large exports). `write` returns false once the client is gone or
// the server drains: the producer then returns.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  virtual boost::asio::awaitable<bool> write(std::string_view chunk) = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the server sends the headers with chunked transfer encoding and
  // lets this coroutine produce the body; `body` is then ignored.
  std::function<boost::asio::awaitable<void>(BodyWriter&)> stream;
  // Set by event_stream() (core/http/sse.hpp): a Server-Sent Events stream.
  std::function<boost::asio::awaitable<void>(EventSink&)> events;
  // Set for a WebSocket route (Router::add_websocket): the session to run once
  // the connection is upgraded.
  std::function<boost::asio::awaitable<void>(WebSocket&)> websocket;

  Response& set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain");
  static Response no_content();
};

}  // namespace classroom::core::http
