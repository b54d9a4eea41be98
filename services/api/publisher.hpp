#pragma once

#include <boost/asio/awaitable.hpp>

namespace classroom::core::pg {
class Pool;
}

namespace classroom::api {

// Publishes scheduled coursework whose time has come. The app runs it as a
// periodic task on one worker of each instance, at start too, so work due
// while the service was down is published as soon as it is back. Drafts are
// taken with FOR UPDATE SKIP LOCKED, so several instances never publish one
// twice; a failure leaves them due for the next round.
class Publisher {
 public:
  explicit Publisher(core::pg::Pool& db) : db_(db) {}
  // Publishes every due draft now; returns how many.
  boost::asio::awaitable<int> publish_due();

 private:
  core::pg::Pool& db_;
};

}  // namespace classroom::api
