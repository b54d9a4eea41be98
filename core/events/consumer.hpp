#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/redis/redis.hpp"

namespace classroom::core {
class Metrics;
}

// Reading the events stream (DESIGN.md, "Events"): the other end of the
// outbox relay (core/outbox). Each consuming service reads with a consumer
// group of its own, so every group sees every event, and the instances of a
// service share their group's work.
//
// Delivery is AT LEAST ONCE: an event is acknowledged only after its handler
// returned, so a crash (or a lost Redis connection) between the handler's
// commit and the acknowledgement delivers the event again, possibly to
// another instance. Handlers must therefore be idempotent by event id, e.g.
// by recording the id in the same transaction as their effect and skipping
// an id already recorded.
namespace classroom::core::events {

struct Event {
  std::string stream_id;  // Redis entry id
  std::string id;         // event id (UUIDv7)
  std::string type;
  std::string envelope;  // the JSON envelope as sent (parse it with Boost.JSON where needed)
};

struct ConsumerSettings {
  std::string stream = "classroom:events";
  std::string group;     // e.g. "auth", "api": one group per consuming service
  std::string consumer;  // this instance's name; empty: "<hostname>-<pid>"
  // Where a new group starts: "0" = the whole stream, "$" = only new entries.
  std::string start_from = "0";
  // Only these types reach the handler (others are acknowledged at once); empty = all.
  std::vector<std::string> types;
  int batch = 100;
  std::chrono::milliseconds block{2000};
  // Entries pending this long on a consumer (crashed?) are claimed. Must be
  // longer than a handler ever takes, or an event still being handled is
  // claimed and handled a second time.
  std::chrono::milliseconds reclaim_after{30000};
  // After this many deliveries without acknowledgement (handler failures, or
  // crashes of the consumers it was delivered to) an entry goes to
  // "<stream>:dead:<group>" and is acknowledged. Every delivery counts, so
  // keep it generous for handlers that fail while a dependency is down: the
  // loop backs off (up to 5 s) while every handler call of a round fails.
  int max_deliveries = 10;
  // Approximate cap on the dead-letter stream (XADD MAXLEN ~).
  long dead_letter_max_length = 100'000;
};

using Handler = std::function<boost::asio::awaitable<void>(const Event&)>;

// "<stream>:dead:<group>": where entries go that were delivered max_deliveries
// times without acknowledgement, or that are not events (no `type` or
// `event` field). A dead-letter entry keeps the original fields and adds
// `entry_id` (the original entry id), `group`, `deliveries` and `error`.
std::string dead_letter_stream(std::string_view stream, std::string_view group);

// Reads with a consumer group (created with XGROUP CREATE … MKSTREAM on first
// use, BUSYGROUP ignored), hands each entry to the handler, and acknowledges
// (XACK) only after the handler returned: a handler that throws leaves the
// entry pending, to be retried. Entries left pending by a crashed consumer are
// reclaimed with XAUTOCLAIM after reclaim_after. Runs on one io_context with
// its own Redis connection (the blocking read holds the connection up).
//
// A handler failure is logged with the event's id and type and counted in
// events_handler_failures_total{group}; handled events in
// events_handled_total{group}; dead-lettered ones in
// events_dead_lettered_total{group}.
class Consumer {
 public:
  // Throws Error(kInvalidArgument) when the Redis URL cannot be used or the
  // settings name no group.
  Consumer(boost::asio::io_context& io, redis::Settings redis, ConsumerSettings settings,
           Handler handler, Metrics& metrics);
  // Stops the loop. The Consumer may go before its loop has ended: the loop
  // keeps what it uses alive and ends soon after.
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Starts the loop on the io_context (call once): consume_once repeatedly;
  // while Redis is down (Error kUnavailable) it logs a warning and backs off,
  // 100 ms doubling to 5 s.
  void start();
  // Ends the loop soon: a blocking read is cancelled (its connection closed);
  // a handler in progress finishes and its event is acknowledged, the rest of
  // its batch stays pending for the next reader. Once the loop has ended the
  // Redis connection is closed, leaving the io_context without work from this
  // consumer. Safe to call from any thread, more than once; a stopped
  // consumer stays stopped.
  void stop();

  // One round: reclaim stale pending entries, read this consumer's own
  // pending entries (id "0"), then new ones (">", blocking up to `block`),
  // handle and acknowledge them; returns how many reached the handler.
  // Throws Error(kUnavailable) when Redis cannot be reached. Tests call it
  // directly; it must not run concurrently with itself or the loop.
  boost::asio::awaitable<int> consume_once();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace classroom::core::events
