#include "core/periodic_task.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "core/testing/run.hpp"

namespace classroom::core {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Something coroutines wait for until the test says so.
class Signal {
 public:
  explicit Signal(asio::io_context& io) : timer_(io) {
    timer_.expires_at(asio::steady_timer::time_point::max());
  }
  void notify() { timer_.cancel(); }
  // Waits, notification after notification, until `condition` holds.
  template <class Condition>
  asio::awaitable<void> until(Condition condition) {
    while (!condition()) {
      co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }

 private:
  asio::steady_timer timer_;
};

// Lets whatever is ready on the io_context run, several times over.
asio::awaitable<void> let_others_run() {
  for (int i = 0; i < 20; ++i) {
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  }
}

// Counts runs and records when each started; a run can be held at a gate.
class Probe {
 public:
  explicit Probe(asio::io_context& io) : changed_(io), gate_(io) {}

  PeriodicTask::Run run() {
    return [this]() -> asio::awaitable<void> {
      starts.push_back(Clock::now());
      ++running;
      max_running = std::max(max_running, running);
      changed_.notify();
      co_await gate_.until([this] { return open_; });
      --running;
      ++finished;
      changed_.notify();
      if (failures_left_ > 0) {
        --failures_left_;
        throw std::runtime_error("the database is down");
      }
    };
  }

  asio::awaitable<void> until_started(std::size_t n) {
    co_await changed_.until([&] { return starts.size() >= n; });
  }
  asio::awaitable<void> until_finished(int n) {
    co_await changed_.until([&] { return finished >= n; });
  }
  void close() { open_ = false; }
  void open() {
    open_ = true;
    gate_.notify();
  }
  void fail_next(int n) { failures_left_ = n; }

  std::vector<Clock::time_point> starts;
  int running = 0;
  int max_running = 0;
  int finished = 0;

 private:
  Signal changed_;
  Signal gate_;
  bool open_ = true;
  int failures_left_ = 0;
};

TEST(PeriodicTask, RunsAtStartThenAfterEachInterval) {
  asio::io_context io;
  Probe probe(io);
  PeriodicTask task(io, {.name = "test", .interval = 20ms}, probe.run());
  auto started = Clock::now();
  task.start();
  testing::run(io, probe.until_started(3));
  task.stop();
  testing::run(io, task.stopped());

  EXPECT_LT(probe.starts[0] - started, 20ms) << "the first run does not wait for an interval";
  EXPECT_GE(probe.starts[1] - probe.starts[0], 20ms);
  EXPECT_GE(probe.starts[2] - probe.starts[1], 20ms);
}

TEST(PeriodicTask, WakeRunsItBeforeTheInterval) {
  asio::io_context io;
  Probe probe(io);
  PeriodicTask task(io, {.name = "test", .interval = 1h}, probe.run());
  task.start();
  testing::run(io, probe.until_finished(1));

  task.wake();
  // Without the wake the second run would be an hour away, past the test's deadline.
  testing::run(io, probe.until_finished(2));
  task.stop();
  testing::run(io, task.stopped());
  EXPECT_EQ(probe.finished, 2);
}

TEST(PeriodicTask, WakesDuringARunRunItOnceMoreAfterItNeverAlongside) {
  asio::io_context io;
  Probe probe(io);
  PeriodicTask task(io, {.name = "test", .interval = 1h}, probe.run());
  probe.close();
  task.start();
  testing::run(io, probe.until_started(1));

  task.wake();
  task.wake();
  testing::run(io, let_others_run());
  EXPECT_EQ(probe.starts.size(), 1u) << "a wake does not start a second run alongside";
  probe.open();
  testing::run(io, probe.until_finished(2));
  testing::run(io, let_others_run());

  EXPECT_EQ(probe.finished, 2) << "the wakes of one run make one more run";
  EXPECT_EQ(probe.max_running, 1);
  task.stop();
  testing::run(io, task.stopped());
}

TEST(PeriodicTask, FailingRunIsRetriedAtTheNextInterval) {
  asio::io_context io;
  Probe probe(io);
  probe.fail_next(2);
  PeriodicTask task(io, {.name = "test", .interval = 20ms}, probe.run());
  task.start();
  testing::run(io, probe.until_finished(3));
  task.stop();
  testing::run(io, task.stopped());

  EXPECT_GE(probe.starts[1] - probe.starts[0], 20ms);
  EXPECT_GE(probe.starts[2] - probe.starts[1], 20ms);
}

TEST(PeriodicTask, StopDuringARunLetsItFinishAndStartsNoOther) {
  asio::io_context io;
  Probe probe(io);
  PeriodicTask task(io, {.name = "test", .interval = 1h}, probe.run());
  probe.close();
  task.start();
  testing::run(io, probe.until_started(1));
  bool stopped = false;
  auto wait_until_stopped = [&]() -> asio::awaitable<void> {
    co_await task.stopped();
    stopped = true;
  };
  asio::co_spawn(io, wait_until_stopped(), asio::detached);

  task.stop();
  task.wake();
  testing::run(io, let_others_run());
  EXPECT_FALSE(stopped) << "stopped() waits for the run in progress";
  EXPECT_EQ(probe.running, 1);

  probe.open();
  testing::run(io, task.stopped());
  testing::run(io, let_others_run());
  EXPECT_TRUE(stopped);
  EXPECT_EQ(probe.finished, 1);
  EXPECT_EQ(probe.starts.size(), 1u) << "no run starts after stop(), even when woken";
}

TEST(PeriodicTask, NeverStartedIsStoppedAtOnce) {
  asio::io_context io;
  Probe probe(io);
  PeriodicTask task(io, {.name = "test", .interval = 1h}, probe.run());
  task.stop();
  testing::run(io, task.stopped());
  EXPECT_TRUE(probe.starts.empty());
}

}  // namespace
}  // namespace classroom::core
