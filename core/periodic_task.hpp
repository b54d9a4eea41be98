#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace classroom::core {

struct PeriodicTaskSettings {
  std::string name;  // says which task failed, in the log
  std::chrono::milliseconds interval{1000};
  // While runs keep failing the wait doubles from the interval up to this;
  // at most the interval (the default) keeps it at the interval.
  std::chrono::milliseconds max_backoff{0};
};

// Background work repeated on one io_context (the outbox relay, scheduled
// publishing, purges): runs at start, then `interval` after each run ended.
// Never two runs at once: wake() during a run runs it again right after it.
// A run that throws is retried after the back-off; the task goes on. An
// outage is logged twice: when runs start to fail, and when one succeeds
// again (with the count of failed attempts and how long it lasted). wake()
// does not cut a back-off short. stop() lets a run in progress finish: the io_context keeps its
// work until then, so a worker that drains waits for it.
class PeriodicTask {
 public:
  using Run = std::function<boost::asio::awaitable<void>()>;

  PeriodicTask(boost::asio::io_context& io, PeriodicTaskSettings settings, Run run);
  // Stops the task; a run in progress still finishes.
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Starts the loop. Call once, on the io_context's thread or before it runs.
  void start();
  // Runs now rather than at the next interval. Safe from any thread.
  void wake();
  // No run starts after this; the one in progress finishes. Safe from any
  // thread, more than once.
  void stop();
  // Completes when the loop has ended (after stop(), once the run in progress
  // finished), at once if it never started. Await it on the io_context.
  boost::asio::awaitable<void> stopped();

 private:
  struct State;
  static boost::asio::awaitable<void> loop(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;
};

}  // namespace classroom::core
