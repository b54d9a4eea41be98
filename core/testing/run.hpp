#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>

// Running coroutines to completion in tests, as a service's worker thread
// would run them, with a deadline so that a hang fails the test instead of
// stalling the run.
namespace classroom::testing {

inline constexpr std::chrono::seconds kTestDeadline{60};

// Runs `task` on `io` until it is done; returns or rethrows its outcome.
// The io_context need not run dry (an idle Redis connection keeps it busy).
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  using namespace std::chrono_literals;
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + kTestDeadline;
  while (future.wait_for(0s) != std::future_status::ready &&
         std::chrono::steady_clock::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) {
      break;
    }
  }
  if (future.wait_for(0s) != std::future_status::ready) {
    throw std::runtime_error("the test hung");
  }
  return future.get();
}

// Like run(), then also until everything the task left behind is done (a
// rollback started by a destroyed transaction, say).
template <class T>
T run_until_idle(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.restart();
  io.run_for(kTestDeadline);
  if (!io.stopped()) {
    throw std::runtime_error("the test hung");
  }
  return future.get();
}

// A test body as a coroutine on a fresh io_context of its own.
inline void run(const std::function<boost::asio::awaitable<void>(boost::asio::io_context&)>& body) {
  boost::asio::io_context io;
  run(io, body(io));
}

}  // namespace classroom::testing
