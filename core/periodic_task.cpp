#include "core/periodic_task.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <exception>
#include <optional>

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
  int failed_runs = 0;   // since the last run that succeeded
  std::chrono::steady_clock::time_point failing_since;

  // Logs one line when runs start to fail and one when a run succeeds again,
  // however many failed in between: a dependency down for an hour is two
  // lines, not one per attempt.
  void note(const std::optional<std::string>& failure) {
    auto now = std::chrono::steady_clock::now();
    if (failure && failed_runs++ == 0) {
      failing_since = now;
      log::warn("periodic task failing; retrying with back-off",
                {{"task", settings.name}, {"error", *failure}});
    } else if (!failure && failed_runs > 0) {
      double seconds = std::chrono::duration<double>(now - failing_since).count();
      log::warn("periodic task recovered", {{"task", settings.name},
                                            {"failedAttempts", failed_runs},
                                            {"outageSeconds", std::round(seconds * 1e3) / 1e3}});
      failed_runs = 0;
    }
  }
};

namespace {

// Runs once; returns what went wrong, if the run failed.
asio::awaitable<std::optional<std::string>> run_once(const PeriodicTask::Run& run) {
  try {
    co_await run();
    co_return std::nullopt;
  } catch (const std::exception& e) {
    co_return std::string(e.what());
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
    auto failure = co_await run_once(state->run);
    state->note(failure);
    bool succeeded = !failure;
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
    // While runs fail the wait is the back-off: a wake per write (the outbox
    // relay's nudge) must not turn it into a retry per write.
    if (state->failed_runs == 0) {
      state->wait.cancel();
    }
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
