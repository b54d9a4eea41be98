#pragma once

#include <boost/asio/awaitable.hpp>
#include <string_view>

namespace classroom::core::pg {
class Transaction;
}

namespace classroom::core::events {

// Makes an event handler idempotent (delivery is at least once): records
// `event_id` in core's `processed_events` within `tx` and returns true when
// this transaction is the first to apply that id, false when another already
// did. Apply the event's effect in the same transaction only when true; a
// concurrent transaction recording the same id waits for this one and
// returns false once it commits (true if it rolls back). Throws
// Error(kInvalidArgument) when `event_id` is not a UUID.
boost::asio::awaitable<bool> apply_once(pg::Transaction& tx, std::string_view event_id);

}  // namespace classroom::core::events
