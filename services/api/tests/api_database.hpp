#pragma once

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <string>

#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::api::tests {

// A test suite's own database on the test PostgreSQL, with a pool of `size`.
inline core::pg::PoolSettings database(const std::string& name, std::size_t size) {
  core::pg::PoolSettings s;
  s.url = classroom::testing::Servers::get().pg_url(name);
  s.size = size;
  return s;
}

// Applies core's and api's migrations to `settings`' database (SetUpTestSuite).
inline void migrate(const core::pg::PoolSettings& settings) {
  boost::asio::io_context io;
  classroom::testing::run(io, [&]() -> boost::asio::awaitable<void> {
    core::pg::Pool db(io, settings);
    co_await core::pg::migrate_service(db, core::pg::embedded_migrations());
  }());
}

}  // namespace classroom::api::tests
