#include "core/http/sse.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <string_view>

#include "core/http/live.hpp"
#include "core/log.hpp"

namespace classroom::core::http {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

// A comment line: clients ignore it, proxies and the client's own timeouts
// see traffic.
constexpr std::string_view kHeartbeat = ": heartbeat\n\n";

// A line break inside `id` or `event` would end the field early; they are ours
// (identifiers, type names), so breaks are dropped rather than refused.
void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  for (char c : value) {
    if (c != '\r' && c != '\n') {
      out += c;
    }
  }
  out += '\n';
}

class QueueSink final : public EventSink {
 public:
  explicit QueueSink(SendQueue& queue) : queue_(queue) {}

  bool send(const ServerSentEvent& event) override { return queue_.push(format_event(event)); }
  asio::awaitable<void> closed() override { return queue_.ended(); }
  bool is_open() const override { return queue_.is_open(); }
  void close() override { queue_.end(LiveEnd::kClosed); }

 private:
  SendQueue& queue_;
};

asio::awaitable<void> write_events(SendQueue& queue, BodyWriter& out,
                                   std::chrono::milliseconds heartbeat) {
  for (;;) {
    std::optional<std::string> message = co_await queue.next(heartbeat);
    if (!message && !queue.is_open()) {
      co_return;
    }
    std::string_view chunk = message ? std::string_view(*message) : kHeartbeat;
    if (!co_await out.write(chunk)) {
      queue.end(LiveEnd::kPeerGone);
      co_return;
    }
  }
}

asio::awaitable<void> produce(const EventProducer& producer, SendQueue& queue,
                              std::string_view request_id) {
  QueueSink sink(queue);
  try {
    co_await producer(sink);
  } catch (const std::exception& e) {
    // The headers are gone: ending the stream is all that is left to do.
    log::error("event stream failed", {{"error", e.what()}, {"requestId", request_id}});
  }
  queue.end(LiveEnd::kClosed);
}

}  // namespace

std::string format_event(const ServerSentEvent& event) {
  std::string out;
  if (!event.id.empty()) {
    append_field(out, "id", event.id);
  }
  if (!event.event.empty()) {
    append_field(out, "event", event.event);
  }
  std::string_view data = event.data;
  for (;;) {
    std::size_t end = data.find_first_of("\r\n");
    out += "data: ";
    out += data.substr(0, end);
    out += '\n';
    if (end == std::string_view::npos) {
      break;
    }
    std::size_t next = data.compare(end, 2, "\r\n") == 0 ? end + 2 : end + 1;
    data.remove_prefix(next);
  }
  out += '\n';
  return out;
}

Response event_stream(EventProducer producer) {
  Response response;
  response.set_header("Content-Type", "text/event-stream");
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");
  response.hand_over(std::move(producer));
  return response;
}

asio::awaitable<void> serve_events(const EventProducer& producer, SendQueue& queue, BodyWriter& out,
                                   std::chrono::milliseconds heartbeat,
                                   std::string_view request_id) {
  // Both end by themselves: the writer when the queue ends, the producer when
  // closed() completes (EventSink's contract).
  auto both = write_events(queue, out, heartbeat) && produce(producer, queue, request_id);
  co_await std::move(both);
}

}  // namespace classroom::core::http
