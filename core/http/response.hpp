#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

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

// A body produced chunk by chunk: sent with chunked transfer encoding.
using BodyStream = std::function<boost::asio::awaitable<void>(BodyWriter&)>;
// A Server-Sent Events stream (event_stream(), core/http/sse.hpp).
using EventProducer = std::function<boost::asio::awaitable<void>(EventSink&)>;
// The session to run once the connection is upgraded (Router::add_websocket).
using WebSocketSession = std::function<boost::asio::awaitable<void>(WebSocket&)>;

// What the connection is handed to after the headers instead of `body`.
using HandOver = std::variant<BodyStream, EventProducer, WebSocketSession>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set for the rare response whose body is not `body` (hand_over()). One
  // pointer, not three functions: a Response lives in several coroutine
  // frames of every request, and Asio recycles frames only up to 1 KiB.
  std::shared_ptr<const HandOver> hand_over_to;

  Response& set_header(std::string name, std::string value);
  // The connection goes to `to` once the headers are sent; `body` is ignored.
  Response& hand_over(HandOver to);
  // What the connection is handed to, if it is one of those.
  template <class T>
  const T* handed_over() const {
    return hand_over_to ? std::get_if<T>(hand_over_to.get()) : nullptr;
  }
  std::optional<std::string_view> header(std::string_view name) const;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain");
  static Response no_content();
};

}  // namespace classroom::core::http
