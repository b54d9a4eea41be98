#pragma once

#include <boost/asio/awaitable.hpp>

namespace classroom::core {
namespace events {
struct Event;
}
namespace pg {
class Pool;
}
}  // namespace classroom::core

namespace classroom::api {

// What the api learns from other services' events (docs/events.md):
// `user.registered` and `user.deactivated` keep profiles in step with auth;
// `exam.result_released` puts exam results into gradebooks and progress.
// Each event is applied once: its id is recorded in the same transaction as
// its effect, so a redelivery (at-least-once) changes nothing. An event that
// cannot be applied as it is (malformed data) is logged and acknowledged;
// a failure that may pass (the database down) is thrown, to be retried.
class EventSync {
 public:
  explicit EventSync(core::pg::Pool& db) : db_(db) {}
  boost::asio::awaitable<void> handle(const core::events::Event& event);

 private:
  core::pg::Pool& db_;
};

}  // namespace classroom::api
