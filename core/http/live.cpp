#include "core/http/live.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace classroom::core::http {

namespace asio = boost::asio;

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
  messages_.push_back(std::move(message));
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
  end_wake_.cancel();
  if (on_end_) {
    on_end_(reason);
  }
}

asio::awaitable<std::optional<std::string>> SendQueue::next(std::chrono::milliseconds idle) {
  if (messages_.empty() && is_open()) {
    writer_wake_.expires_after(idle);
    // Woken early (operation_aborted) by push() or end().
    co_await writer_wake_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (messages_.empty()) {
    co_return std::nullopt;
  }
  std::string message = std::move(messages_.front());
  messages_.pop_front();
  co_return message;
}

asio::awaitable<void> SendQueue::ended() {
  if (is_open()) {
    co_await end_wake_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace classroom::core::http
