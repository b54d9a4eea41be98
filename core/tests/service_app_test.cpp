// core::ServiceApp with real PostgreSQL and Redis: what every service's App
// gets from it.
#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "core/errors.hpp"
#include "core/metrics.hpp"
#include "core/pg/pg.hpp"
#include "core/service/app.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::Servers;

// A service whose only work is a periodic task that counts its runs.
class CountingApp final : public ServiceApp {
 public:
  CountingApp(Worker& worker, const ServiceSettings& settings)
      : ServiceApp(worker, settings, "service-app-test") {
    every({.name = "count", .interval = 1h}, [this]() -> asio::awaitable<void> {
      ++runs;
      co_return;
    });
  }

  using ServiceApp::db;
  int runs = 0;
};

ServiceSettings settings(bool with_database) {
  ServiceSettings s;
  if (with_database) {
    s.db = pg::PoolSettings{.url = Servers::get().pg_url("service_app_test"), .size = 2};
  }
  s.redis.url = Servers::get().redis_url();
  return s;
}

// Lets the io_context run until `condition` holds (deadline: the test's).
template <class Condition>
asio::awaitable<void> until(Condition condition) {
  asio::steady_timer pause(co_await asio::this_coro::executor);
  while (!condition()) {
    pause.expires_after(1ms);
    co_await pause.async_wait(asio::use_awaitable);
  }
}

TEST(ServiceApp, ServiceWithoutADatabaseIsReadyWithRedisAlone) {
  asio::io_context io;
  Metrics metrics;
  Worker worker{io, 0, metrics};
  ServiceSettings no_database = settings(false);
  CountingApp app(worker, no_database);

  EXPECT_TRUE(testing::run(io, app.ready()));
  try {
    app.db();
    ADD_FAILURE() << "a service without a database has no pool";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInternal);
  }
  app.stop();
}

TEST(ServiceApp, TasksRunOnTheFirstWorkerAndStopLeavesTheWorkerWithoutWork) {
  asio::io_context io;
  Metrics metrics;
  Worker first{io, 0, metrics};
  Worker second{io, 1, metrics};
  ServiceSettings with_database = settings(true);
  migrate(with_database, {});
  CountingApp app(first, with_database);
  CountingApp other(second, with_database);

  testing::run(io, until([&] { return app.runs == 1; }));
  EXPECT_TRUE(testing::run(io, app.ready()));

  app.stop();
  other.stop();
  // What a draining worker relies on: its io_context runs out of work.
  testing::run_until_idle(io, until([] { return true; }));
  EXPECT_EQ(app.runs, 1);
  EXPECT_EQ(other.runs, 0) << "periodic tasks run on worker 0 only";
}

}  // namespace
}  // namespace classroom::core
