#include "core/redis/notifier.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace classroom::core::redis {
namespace {

// Keeps a waiter listed exactly while it waits, even when its coroutine is
// destroyed mid-wait (its io_context shut down).
class Registration {
 public:
  Registration(std::vector<boost::asio::steady_timer*>& waiters, boost::asio::steady_timer& timer)
      : waiters_(waiters), timer_(timer) {
    waiters_.push_back(&timer_);
  }
  ~Registration() { std::erase(waiters_, &timer_); }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

 private:
  std::vector<boost::asio::steady_timer*>& waiters_;
  boost::asio::steady_timer& timer_;
};

}  // namespace

boost::asio::awaitable<bool> Notifier::wait_until(std::chrono::steady_clock::time_point deadline) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, deadline);
  Registration registration(waiters_, timer);
  auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  // A timer that expires completes without error; notify_all() cancels it.
  co_return static_cast<bool>(ec);
}

boost::asio::awaitable<void> Notifier::wait() {
  co_await wait_until(std::chrono::steady_clock::time_point::max());
}

void Notifier::notify_all() {
  for (auto* timer : waiters_) {
    timer->cancel();
  }
}

}  // namespace classroom::core::redis
