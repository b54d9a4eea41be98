#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "core/periodic_task.hpp"

namespace classroom::core {
class Metrics;
namespace pg {
class Pool;
class Transaction;
}  // namespace pg
namespace redis {
class Client;
}
}  // namespace classroom::core

// The transactional outbox (DESIGN.md, "Events"). A service writes an event
// row in the same transaction as the change it describes; the relay moves
// rows, in order, to the Redis stream and marks them sent. The table is in
// each service's database, created by core's migrations
// (core/migrations/0001_outbox.sql).
namespace classroom::core::outbox {

inline constexpr std::string_view kStream = "classroom:events";

struct Event {
  std::string type;  // e.g. "user.registered"; the catalogue is docs/events.md
  std::optional<std::string> actor_id;
  std::optional<std::string> course_id;
  std::string data_json;  // the `data` object, serialised
};

// Adds `event` to the outbox within `tx`; returns its id (UUIDv7).
boost::asio::awaitable<std::string> enqueue(pg::Transaction& tx, const Event& event);

struct RelaySettings {
  std::string service;  // names the relay's Redis keys: `<service>:outbox:...`
  std::string stream = std::string(kStream);
  int batch = 200;
  std::chrono::milliseconds idle_poll{250};  // how often an idle relay looks again
  std::chrono::hours dedup_ttl{24 * 7};      // how long a sent id is remembered
  std::chrono::hours retention{24 * 7};      // how long sent rows are kept
  long max_stream_length = 1'000'000;        // approximate cap (XADD MAXLEN ~)
};

// Moves outbox rows to the stream. One relay per database is active at a time
// (a PostgreSQL advisory lock), which keeps the stream in outbox order even
// with several instances. Each event is appended by a Lua script that first
// records its id, so a batch re-sent after a failure between XADD and the
// UPDATE that marks it is never appended twice. Runs on one io_context.
class Relay {
 public:
  Relay(boost::asio::io_context& io, pg::Pool& db, redis::Client& redis, RelaySettings settings,
        Metrics& metrics);
  // Starts relaying every idle_poll (backing off while it fails) and
  // deleting sent rows older than the retention hourly.
  void start();
  // Stops after the current batch.
  void stop();
  // Completes once stopped and the batch in progress has finished.
  boost::asio::awaitable<void> stopped();
  // Look now rather than at the next poll; safe from any thread.
  void nudge();
  // Relays everything pending now; returns how many events were appended.
  // (The loop uses it; tests call it directly.)
  boost::asio::awaitable<int> relay_once();

 private:
  boost::asio::awaitable<void> delete_old();

  pg::Pool& db_;
  redis::Client& redis_;
  RelaySettings settings_;
  Metrics& metrics_;
  PeriodicTask relaying_;
  PeriodicTask cleanup_;
};

}  // namespace classroom::core::outbox
