#include "core/events/apply_once.hpp"

#include <string>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"

namespace classroom::core::events {

namespace {
constexpr pg::Query kRecord{"events_apply_once",
                            "INSERT INTO processed_events (event_id) VALUES ($1::uuid) "
                            "ON CONFLICT DO NOTHING RETURNING true"};
}

boost::asio::awaitable<bool> apply_once(pg::Transaction& tx, std::string_view event_id) {
  if (!is_uuid(event_id)) {
    throw Error(ErrorCode::kInvalidArgument,
                "event id " + std::string(event_id) + " is not a UUID");
  }
  auto first = co_await tx.query(kRecord, event_id);
  co_return !first.empty();
}

}  // namespace classroom::core::events
