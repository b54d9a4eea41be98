#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

// Helpers shared by the PostgreSQL integration tests (core/tests/pg_*_test.cpp).
namespace classroom::core::pg::tests {

// Runs `task` until it and everything it started (a rollback left behind by a
// destroyed transaction, say) are done; returns or throws what the task did.
template <class T>
T run(boost::asio::io_context& ioc, boost::asio::awaitable<T> task) {
  return classroom::testing::run_until_idle(ioc, std::move(task));
}

// A pool on a database of the test server (created empty on first use).
// Timeouts are short so that a test about a failure does not take long.
inline PoolSettings pool_settings(std::string_view database, std::size_t size = 4) {
  PoolSettings settings;
  settings.url = classroom::testing::Servers::get().pg_url(database);
  settings.size = size;
  settings.connect_timeout = std::chrono::seconds(5);
  settings.acquire_timeout = std::chrono::seconds(5);
  settings.query_timeout = std::chrono::seconds(10);
  return settings;
}

// The first column of every row, as ints.
inline std::vector<int> first_column_ints(const Result& result) {
  std::vector<int> out;
  out.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    out.push_back(result.get<int>(row, 0));
  }
  return out;
}

// The code of the core::Error that `task` throws; nullopt if it throws
// nothing. Any other exception propagates and fails the test.
template <class T>
std::optional<ErrorCode> error_code_of(boost::asio::io_context& ioc,
                                       boost::asio::awaitable<T> task) {
  try {
    run(ioc, std::move(task));
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

// The SqlError that `task` throws; nullopt if it throws nothing.
template <class T>
std::optional<SqlError> sql_error_of(boost::asio::io_context& ioc, boost::asio::awaitable<T> task) {
  try {
    run(ioc, std::move(task));
  } catch (const SqlError& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace classroom::core::pg::tests
