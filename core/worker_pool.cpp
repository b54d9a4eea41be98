#include "core/worker_pool.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/errors.hpp"

namespace classroom::core {

namespace asio = boost::asio;

struct WorkerPool::Impl {
  explicit Impl(std::size_t threads) : pool(threads) {}
  asio::thread_pool pool;
};

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_queued)
    : impl_(std::make_unique<Impl>(threads)), max_queued_(max_queued) {}

WorkerPool::~WorkerPool() { join(); }

void WorkerPool::join() { impl_->pool.join(); }

asio::awaitable<void> WorkerPool::submit(std::function<void()> work) {
  if (pending_.fetch_add(1) >= max_queued_) {
    pending_.fetch_sub(1);
    throw Error(ErrorCode::kUnavailable, "the server is busy; try again shortly")
        .with_retry_after(std::chrono::seconds(1));
  }
  auto caller = co_await asio::this_coro::executor;
  // A completion whose first argument is an exception_ptr makes use_awaitable
  // rethrow it in the caller: the work's failure surfaces where it was awaited.
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
      [this, caller, &work](auto handler) {
        asio::post(impl_->pool, [this, caller, &work, handler = std::move(handler)]() mutable {
          std::exception_ptr error;
          try {
            work();
          } catch (...) {
            error = std::current_exception();
          }
          pending_.fetch_sub(1);
          // Resume the coroutine on its own I/O thread, never on the pool.
          asio::post(caller, [handler = std::move(handler), error]() mutable {
            std::move(handler)(error);
          });
        });
      },
      asio::use_awaitable);
}

}  // namespace classroom::core
