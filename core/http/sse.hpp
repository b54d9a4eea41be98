#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "core/http/response.hpp"

namespace classroom::core::http {

// One Server-Sent Event. `id` becomes the client's Last-Event-ID (it reaches
// the handler as the `last-event-id` header when the client reconnects);
// `event` names its type (empty: the default "message"); `data` may hold
// several lines.
struct ServerSentEvent {
  std::string id;
  std::string event;
  std::string data;
};

// The event's wire form: one `data:` line per line of data (a "\r\n", "\r"
// or "\n" in the data starts a new one), ended by a blank line.
std::string format_event(const ServerSentEvent& event);

// Where an event stream's producer sends its events. It lives until the
// producer returns, and is used from the request's own thread (its executor).
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues an event without waiting. False once the stream has ended; a
  // client that lets ServerSettings::max_queued_messages events pile up is too
  // slow and is dropped, so a producer never blocks on one client.
  virtual bool send(const ServerSentEvent& event) = 0;
  // Completes once the stream has ended: the client hung up (noticed at once),
  // vanished (noticed when a heartbeat cannot be written), was dropped as too
  // slow, the server drains, or close() was called. The producer must then
  // return: the response ends only when it has.
  virtual boost::asio::awaitable<void> closed() = 0;
  virtual bool is_open() const = 0;
  // Ends the stream once the events already queued are written.
  virtual void close() = 0;
};

// EventProducer (core/http/response.hpp) produces a stream's events into an EventSink.

// A `text/event-stream` response: the server sends the headers at once, then
// every event the producer sends as soon as it is sent (no buffering, also not
// in nginx: `X-Accel-Buffering: no`), and a comment line as a heartbeat when
// nothing was sent for ServerSettings::heartbeat_interval. The stream ends
// when the producer returns (after what it queued is written) or when the
// sink closes; the connection is then closed.
Response event_stream(EventProducer producer);

}  // namespace classroom::core::http
