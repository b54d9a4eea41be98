#include "core/periodic_task.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "core/log.hpp"

namespace classroom::core {

namespace asio = boost::asio;

// Touched only on the io_context's thread: wake() and stop() post there.
struct PeriodicTask::State {
  State(asio::io_context& io, PeriodicTaskSettings settings, Run run)
      : settings(std::move(settings)), run(std::move(run)), wait(io), ended(io) {
    ended.expires_at(asio::steady_timer::time_point::max());
  }

  PeriodicTaskSettings settings;
  Run run;
  asio::steady_timer wait;   // between runs; cancelled by wake() and stop()
  asio::steady_timer ended;  // never expires; cancelled when the loop ends
  bool stopping = false;
  bool woken = false;
  bool running = false;  // the loop has started and not ended
};

namespace {

// Runs once; returns whether the run succeeded.
asio::awaitable<bool> run_once(const PeriodicTask::Run& run, const std::string& name) {
  try {
    co_await run();
    co_return true;
  } catch (const std::exception& e) {
    log::warn("periodic task failed; will retry", {{"task", name}, {"error", e.what()}});
    co_return false;
  }
}

}  // namespace

PeriodicTask::PeriodicTask(asio::io_context& io, PeriodicTaskSettings settings, Run run)
    : state_(std::make_shared<State>(io, std::move(settings), std::move(run))) {}

PeriodicTask::~PeriodicTask() { stop(); }

asio::awaitable<void> PeriodicTask::loop(std::shared_ptr<State> state) {
  const auto interval = state->settings.interval;
  const auto max_delay = std::max(state->settings.max_backoff, interval);
  auto delay = interval;
  while (!state->stopping) {
    state->woken = false;
    bool succeeded = co_await run_once(state->run, state->settings.name);
    delay = succeeded ? interval : std::min(delay * 2, max_delay);
    if (state->stopping) {
      break;
    }
    if (state->woken && succeeded) {
      continue;  // woken while this run ran: what woke it may have come too late for it
    }
    state->wait.expires_after(delay);
    co_await state->wait.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  state->running = false;
  state->ended.cancel();
}

void PeriodicTask::start() {
  state_->running = true;
  asio::co_spawn(state_->wait.get_executor(), loop(state_), asio::detached);
}

void PeriodicTask::wake() {
  asio::post(state_->wait.get_executor(), [state = state_] {
    state->woken = true;
    state->wait.cancel();
  });
}

void PeriodicTask::stop() {
  asio::post(state_->wait.get_executor(), [state = state_] {
    state->stopping = true;
    state->wait.cancel();
  });
}

asio::awaitable<void> PeriodicTask::stopped() {
  while (state_->running) {
    co_await state_->ended.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace classroom::core
