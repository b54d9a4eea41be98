#include "core/http/live.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "core/log.hpp"

namespace classroom::core::http {

namespace asio = boost::asio;

bool MessageQueue::pop(std::string& out) {
  if (empty()) {
    return false;
  }
  out = std::move(items_[head_++]);
  if (empty()) {
    clear();
  } else if (head_ >= 64 && head_ * 2 >= items_.size()) {
    // A writer that never quite empties the queue: drop the spent front.
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  return true;
}

void MessageQueue::clear() {
  std::vector<std::string>().swap(items_);  // an idle connection keeps nothing
  head_ = 0;
}

SendQueue::SendQueue(asio::any_io_executor executor, std::size_t limit)
    : limit_(limit),
      writer_wake_(executor),
      end_wake_(executor, asio::steady_timer::time_point::max()) {}

bool SendQueue::push(std::string message) {
  if (!is_open()) {
    return false;
  }
  if (messages_.size() >= limit_) {
    end(LiveEnd::kTooSlow);
    return false;
  }
  messages_.push(std::move(message));
  writer_wake_.cancel();
  return true;
}

void SendQueue::end(LiveEnd reason) {
  if (!is_open() || reason == LiveEnd::kOpen) {
    return;
  }
  state_ = reason;
  if (reason != LiveEnd::kClosed && reason != LiveEnd::kDraining) {
    messages_.clear();
  }
  writer_wake_.cancel();
  // Wakes the waits of ended() and lets every later one complete at once.
  end_wake_.expires_at(asio::steady_timer::time_point::min());
  if (on_end_) {
    on_end_(reason);
  }
}

asio::awaitable<std::tuple<boost::system::error_code>> SendQueue::wait(
    std::chrono::milliseconds idle) {
  writer_wake_.expires_after(idle);
  return writer_wake_.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> SendQueue::ended() {
  return end_wake_.async_wait(asio::redirect_error(asio::use_awaitable, ended_wait_));
}

bool QueueSink::send(const ServerSentEvent& event) { return queue_.push(format_event(event)); }

void spawn_producer(const EventProducer& producer, QueueSink& sink, SendQueue& queue,
                    std::string_view request_id, bool& running) {
  auto returned = [&queue, &running, request_id](std::exception_ptr failure) {
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        // The headers are gone: ending the stream is all that is left to do.
        log::error("event stream failed", {{"error", e.what()}, {"requestId", request_id}});
      }
    }
    running = false;
    queue.end(LiveEnd::kClosed);
    queue.wake();  // the writer waits for this after the end
  };
  running = true;
  try {
    asio::co_spawn(queue.executor(), producer(sink), std::move(returned));
  } catch (const std::exception&) {
    returned(std::current_exception());  // it threw before its first co_await
  }
}

}  // namespace classroom::core::http
