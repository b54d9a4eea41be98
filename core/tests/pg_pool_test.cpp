#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "core/pg/pg.hpp"
#include "core/testing/servers.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::pg {
namespace {

using boost::asio::awaitable;
using tests::error_code_of;
using tests::run;

constexpr Query kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};

// A local port nobody listens on.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  // A port the kernel just handed out and then took back: nothing listens on it.
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "cannot bind a loopback port";
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(PgPool, PoolOfTwoServesTwentyConcurrentCoroutines) {
  static constexpr Query kSlowPid{"slow_pid", "SELECT pg_backend_pid(), pg_sleep(0.02), $1::int"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_pool", 2));
  std::set<std::int64_t> pids;
  std::set<int> answered;
  for (int i = 0; i < 20; ++i) {
    boost::asio::co_spawn(
        ioc,
        [&, i]() -> awaitable<void> {
          Result result = co_await pool.query(kSlowPid, i);
          pids.insert(result.get<std::int64_t>(0, 0));
          answered.insert(result.get<int>(0, 2));
        },
        [](std::exception_ptr error) {
          if (error) {
            std::rethrow_exception(error);
          }
        });
  }
  ioc.run();
  EXPECT_EQ(answered.size(), 20u);
  EXPECT_LE(pids.size(), 2u);
}

TEST(PgPool, AcquireTimesOutAsUnavailableWhileEveryConnectionIsHeld) {
  boost::asio::io_context ioc;
  PoolSettings settings = tests::pool_settings("pg_pool", 1);
  settings.acquire_timeout = std::chrono::milliseconds(100);
  Pool pool(ioc, settings);
  std::optional<ErrorCode> code;
  std::optional<std::chrono::seconds> retry_after;
  run(ioc, [&]() -> awaitable<void> {
    Transaction held = co_await pool.begin();
    try {
      co_await pool.query(kBackendPid);
    } catch (const Error& e) {
      code = e.code();
      retry_after = e.retry_after();
    }
    co_await held.commit();
  }());
  EXPECT_EQ(code, ErrorCode::kUnavailable);
  EXPECT_EQ(retry_after, std::chrono::seconds(1));
  EXPECT_EQ(run(ioc, pool.query(kBackendPid)).rows(), 1);
}

TEST(PgPool, QueryOverItsTimeoutIsUnavailableAndThePoolCarriesOn) {
  static constexpr Query kSleep{"sleep_long", "SELECT pg_sleep(5)"};
  boost::asio::io_context ioc;
  PoolSettings settings = tests::pool_settings("pg_pool", 1);
  settings.query_timeout = std::chrono::milliseconds(200);
  Pool pool(ioc, settings);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(error_code_of(ioc, pool.query(kSleep)), ErrorCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(run(ioc, pool.query(kBackendPid)).rows(), 1);
}

TEST(PgPool, UnreachableServerIsUnavailableAndNotReady) {
  boost::asio::io_context ioc;
  PoolSettings settings;
  settings.url = "postgresql://classroom@127.0.0.1:" + std::to_string(closed_port()) + "/none";
  Pool pool(ioc, settings);
  EXPECT_EQ(error_code_of(ioc, pool.query(kBackendPid)), ErrorCode::kUnavailable);
  EXPECT_FALSE(run(ioc, pool.ping()));
}

TEST(PgPool, ServerThatNeverAnswersTimesOutAsUnavailable) {
  // The kernel completes the TCP handshake for a listening socket that
  // nobody accepts from, so the client waits for a greeting that never comes.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(listener, 16), 0);
  socklen_t length = sizeof(address);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

  boost::asio::io_context ioc;
  PoolSettings settings;
  settings.url = "postgresql://classroom@127.0.0.1:" + std::to_string(ntohs(address.sin_port)) +
                 "/none?sslmode=disable";
  settings.connect_timeout = std::chrono::milliseconds(200);
  Pool pool(ioc, settings);
  auto started = std::chrono::steady_clock::now();
  std::optional<ErrorCode> code = error_code_of(ioc, pool.query(kBackendPid));
  auto elapsed = std::chrono::steady_clock::now() - started;
  ::close(listener);

  EXPECT_EQ(code, ErrorCode::kUnavailable);
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(PgPool, QueryCancelledByItsCallerFreesItsConnection) {
  static constexpr Query kSleep{"sleep_cancelled", "SELECT pg_sleep(5)"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_pool", 1));
  std::size_t winner = run(ioc, [&]() -> awaitable<std::size_t> {
    using namespace boost::asio::experimental::awaitable_operators;
    boost::asio::steady_timer deadline(ioc, std::chrono::milliseconds(100));
    auto outcome = co_await (pool.query(kSleep) || deadline.async_wait(boost::asio::use_awaitable));
    co_return outcome.index();
  }());
  EXPECT_EQ(winner, 1u);
  // The cancelled statement's connection cannot be trusted and is replaced.
  EXPECT_EQ(run(ioc, pool.query(kBackendPid)).rows(), 1);
}

TEST(PgPool, PingIsTrueWhileTheServerAnswers) {
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_pool", 1));
  EXPECT_TRUE(run(ioc, pool.ping()));
}

TEST(PgPool, ConnectionKilledMidQueryIsUnavailableAndReplaced) {
  static constexpr Query kSleep{"sleep_until_killed", "SELECT pg_sleep(30)"};
  static constexpr Query kIsSleeping{
      "is_sleeping",
      "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'"};
  static constexpr Query kTerminate{"terminate", "SELECT pg_terminate_backend($1)"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_pool", 1));
  Pool admin(ioc, tests::pool_settings("pg_pool", 1));
  std::int64_t pid = run(ioc, pool.query(kBackendPid)).get<std::int64_t>(0, 0);

  std::optional<ErrorCode> code;
  run(ioc, [&]() -> awaitable<void> {
    boost::asio::co_spawn(
        ioc,
        [&]() -> awaitable<void> {
          try {
            co_await pool.query(kSleep);
          } catch (const Error& e) {
            code = e.code();
          }
        },
        boost::asio::detached);
    // Wait, boundedly, until the server is running the sleep, then kill it.
    boost::asio::steady_timer timer(ioc);
    for (int attempt = 0; attempt < 500; ++attempt) {
      if ((co_await admin.query(kIsSleeping, pid)).get<std::int64_t>(0, 0) == 1) {
        break;
      }
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    co_await admin.query(kTerminate, pid);
  }());

  EXPECT_EQ(code, ErrorCode::kUnavailable);
  EXPECT_NE(run(ioc, pool.query(kBackendPid)).get<std::int64_t>(0, 0), pid);
}

// These two stop the test process's shared server; they leave it running.
TEST(PgServerRestart, QueriesAreUnavailableWhileTheServerIsDownAndSucceedAfterwards) {
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_pool", 2));
  std::int64_t pid = run(ioc, pool.query(kBackendPid)).get<std::int64_t>(0, 0);

  classroom::testing::Servers::get().stop("pg");
  std::optional<ErrorCode> code = error_code_of(ioc, pool.query(kBackendPid));
  bool ready = run(ioc, pool.ping());
  classroom::testing::Servers::get().start("pg");

  EXPECT_EQ(code, ErrorCode::kUnavailable);
  EXPECT_FALSE(ready);
  EXPECT_NE(run(ioc, pool.query(kBackendPid)).get<std::int64_t>(0, 0), pid);
  EXPECT_TRUE(run(ioc, pool.ping()));
}

TEST(PgServerRestart, FirstQueryAfterARestartSucceeds) {
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_pool", 2));
  // Two idle connections, both of which the restart closes.
  run(ioc, [&]() -> awaitable<void> {
    Transaction first = co_await pool.begin();
    Transaction second = co_await pool.begin();
    co_await first.commit();
    co_await second.commit();
  }());

  classroom::testing::Servers::get().stop("pg");
  classroom::testing::Servers::get().start("pg");

  EXPECT_EQ(run(ioc, pool.query(kBackendPid)).rows(), 1);
}

}  // namespace
}  // namespace classroom::core::pg
