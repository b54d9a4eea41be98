#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

namespace classroom::core {
namespace pg {
class Pool;
}
namespace http {
class Idempotency;
}
}  // namespace classroom::core

namespace classroom::api {

// The api's timed work, on one worker of each instance: publishes scheduled
// coursework whose time has come (at start too, so work due while the service
// was down is published as soon as it is back), and purges expired
// idempotency keys hourly. Drafts are taken with FOR UPDATE SKIP LOCKED, so
// several instances never publish one twice.
class Publisher {
 public:
  Publisher(boost::asio::io_context& io, core::pg::Pool& db, core::http::Idempotency& keys,
            std::chrono::seconds interval);
  void start();
  void stop();
  // Publishes every due draft now; returns how many. (The loop uses it.)
  boost::asio::awaitable<int> publish_due();

 private:
  boost::asio::awaitable<void> loop();

  boost::asio::io_context& io_;
  core::pg::Pool& db_;
  core::http::Idempotency& keys_;
  std::chrono::seconds interval_;
  boost::asio::steady_timer wake_;
  std::atomic<bool> stopped_{false};
  std::chrono::steady_clock::time_point last_purge_{};
};

}  // namespace classroom::api
