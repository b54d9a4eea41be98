#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <vector>

namespace classroom::core::redis {

// Wakes the coroutines of one thread that wait for some state to change: a
// condition variable without a mutex, since all of them run on one thread.
// Waiters re-check their condition after waking, as with any condition
// variable.
class Notifier {
 public:
  Notifier() = default;
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Waits until notify_all() or `deadline`; false when the deadline passed.
  // Cancelling the calling coroutine wakes it too (the next wait throws
  // operation_aborted).
  boost::asio::awaitable<bool> wait_until(std::chrono::steady_clock::time_point deadline);
  boost::asio::awaitable<void> wait();

  void notify_all();

 private:
  std::vector<boost::asio::steady_timer*> waiters_;
};

}  // namespace classroom::core::redis
