#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace classroom::core {

// A bounded pool of threads for CPU-heavy work (password hashing, grading),
// so that no I/O thread ever runs it. `run` suspends the calling coroutine
// and resumes it on its own executor once the work is done. When more than
// `max_queued` jobs wait, `run` throws Error(kUnavailable) at once: shedding
// load beats queueing requests past their clients' timeouts.
class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F work) {
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_void_v<R>) {
      co_await submit(std::move(work));
    } else {
      std::optional<R> result;
      co_await submit([&] { result.emplace(work()); });
      co_return std::move(*result);
    }
  }

  std::size_t pending() const { return pending_.load(); }
  // Waits for the work submitted so far; call it while the io_contexts that
  // await that work still exist (their completions are posted to them).
  void join();

 private:
  // Runs `work` on the pool; an exception it throws is rethrown in the caller.
  boost::asio::awaitable<void> submit(std::function<void()> work);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t max_queued_;
  std::atomic<std::size_t> pending_{0};
};

}  // namespace classroom::core
