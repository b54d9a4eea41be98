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
#include <boost/system/error_code.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

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

// Strings in arrival order: a vector and the index of the first. An empty one
// holds no memory (a std::deque allocates a 512-byte block even when empty,
// and every idle live connection keeps a queue or two).
class MessageQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  void push(std::string item) { items_.push_back(std::move(item)); }
  // Moves the first item to `out`; false when there is none.
  bool pop(std::string& out);
  void clear();

 private:
  std::vector<std::string> items_;
  std::size_t head_ = 0;
};

// The messages waiting to be written to one live connection, and its end.
// Senders never wait: a full queue ends the connection as kTooSlow, and the
// end callback cuts the write in progress, so one slow client costs nobody
// else anything. After a polite end (kClosed, kDraining) the writer still
// gets what was queued; after any other, nothing more is written.
//
// The writer waits in its own frame (pop(), then wait()), and the producer's
// or session's closed() is a timer wait: no coroutine frame of their own.
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

  // The writer's side: the next message to write, if one is queued (after an
  // impolite end none is).
  bool pop(std::string& message) { return messages_.pop(message); }
  // Waits until `idle` has passed (no error) or the writer is woken
  // (operation_aborted): by push(), end() or wake().
  boost::asio::awaitable<std::tuple<boost::system::error_code>> wait(
      std::chrono::milliseconds idle);
  void wake() { writer_wake_.cancel(); }
  // Completes once the queue has ended (at once if it has).
  boost::asio::awaitable<void> ended();

 private:
  MessageQueue messages_;
  std::size_t limit_;
  LiveEnd state_ = LiveEnd::kOpen;
  std::function<void(LiveEnd)> on_end_;
  boost::asio::steady_timer writer_wake_;
  // Expires never while open, and at once from the end on.
  boost::asio::steady_timer end_wake_;
  boost::system::error_code ended_wait_;  // always operation_aborted or nothing
};

// The sink an event stream's producer sends to: formatted events into `queue`.
class QueueSink final : public EventSink {
 public:
  explicit QueueSink(SendQueue& queue) : queue_(queue) {}

  bool send(const ServerSentEvent& event) override;
  boost::asio::awaitable<void> closed() override { return queue_.ended(); }
  bool is_open() const override { return queue_.is_open(); }
  void close() override { queue_.end(LiveEnd::kClosed); }

 private:
  SendQueue& queue_;
};

// A comment line: clients ignore it, proxies and the client's own timeouts
// see traffic.
inline constexpr std::string_view kHeartbeat = ": heartbeat\n\n";

// Starts `producer` on `sink` beside the stream's writer (one co_spawn on the
// queue's executor). Once it has returned, or thrown (logged with
// `request_id`, which must outlive it), the queue ends (kClosed), `running`
// becomes false and the writer is woken.
void spawn_producer(const EventProducer& producer, QueueSink& sink, SendQueue& queue,
                    std::string_view request_id, bool& running);

using RawRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Why `request` cannot be upgraded to a WebSocket, if it cannot.
std::optional<Error> websocket_refusal(const RawRequest& request);

// Upgrades `stream` (answering 101 with `response`'s headers) and runs
// `response.websocket` on it until the connection has ended.
boost::asio::awaitable<void> serve_websocket(boost::beast::tcp_stream& stream,
                                             const RawRequest& request, Response& response,
                                             SendQueue& queue, const ServerSettings& settings);

}  // namespace classroom::core::http
