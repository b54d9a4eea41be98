#pragma once

// The server's side of live connections (Server-Sent Events and WebSockets):
// used by server.cpp, sse.cpp and websocket.cpp, never by handlers, which see
// EventSink and WebSocket only.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/http/response.hpp"
#include "core/http/sse.hpp"

namespace classroom::core::http {

struct ServerSettings;

// Why a live connection ended; the first reason wins.
enum class LiveEnd {
  kOpen,
  kClosed,           // the session or producer closed it, or returned
  kDraining,         // the server stops
  kPeerGone,         // the client closed the connection, went silent or failed
  kTooSlow,          // a queue overflowed: dropped at once
  kUnsupportedData,  // a WebSocket client sent a binary message
  kFailed            // the session threw
};

// The messages waiting to be written to one live connection, and its end.
// Senders never wait: a full queue ends the connection as kTooSlow, and the
// end callback cuts the write in progress, so one slow client costs nobody
// else anything. After a polite end (kClosed, kDraining) the writer still
// gets what was queued; after any other, nothing more is written.
class SendQueue {
 public:
  SendQueue(boost::asio::any_io_executor executor, std::size_t limit);
  SendQueue(const SendQueue&) = delete;
  SendQueue& operator=(const SendQueue&) = delete;

  // Called once, with the reason, when the queue ends.
  void on_end(std::function<void(LiveEnd)> callback) { on_end_ = std::move(callback); }
  bool push(std::string message);
  void end(LiveEnd reason);
  LiveEnd state() const { return state_; }
  bool is_open() const { return state_ == LiveEnd::kOpen; }
  boost::asio::any_io_executor executor() { return end_wake_.get_executor(); }

  // The writer's next message; nullopt when `idle` passed with nothing to
  // send (then is_open()), or when nothing more is to be written.
  boost::asio::awaitable<std::optional<std::string>> next(std::chrono::milliseconds idle);
  // Completes once the queue has ended.
  boost::asio::awaitable<void> ended();

 private:
  std::deque<std::string> messages_;
  std::size_t limit_;
  LiveEnd state_ = LiveEnd::kOpen;
  std::function<void(LiveEnd)> on_end_;
  boost::asio::steady_timer writer_wake_;
  boost::asio::steady_timer end_wake_;  // never expires: end() cancels its waits
};

// Runs an event stream whose headers are written: the producer and the
// writer of `queue` to `out`, with heartbeats, until both are done.
// `request_id` (which must outlive it) is for the log.
boost::asio::awaitable<void> serve_events(const EventProducer& producer, SendQueue& queue,
                                          BodyWriter& out, std::chrono::milliseconds heartbeat,
                                          std::string_view request_id);

using RawRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Why `request` cannot be upgraded to a WebSocket, if it cannot.
std::optional<Error> websocket_refusal(const RawRequest& request);

// Upgrades `stream` (answering 101 with `response`'s headers) and runs
// `response.websocket` on it until the connection has ended.
boost::asio::awaitable<void> serve_websocket(boost::beast::tcp_stream& stream,
                                             const RawRequest& request, Response& response,
                                             SendQueue& queue, const ServerSettings& settings);

}  // namespace classroom::core::http
