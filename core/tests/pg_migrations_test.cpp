#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::pg {
namespace {

using tests::error_code_of;
using tests::run;
using tests::sql_error_of;

constexpr Query kApplied{"test_applied_migrations",
                         "SELECT version, name FROM schema_migrations ORDER BY version"};

std::vector<std::pair<int, std::string>> applied(boost::asio::io_context& ioc, Pool& pool) {
  Result result = run(ioc, pool.query(kApplied));
  std::vector<std::pair<int, std::string>> out;
  out.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    out.emplace_back(result.get<int>(row, "version"), result.get<std::string>(row, "name"));
  }
  return out;
}

// Deliberately out of order: migrate sorts them.
constexpr Migration kNotes[] = {
    {2, "0002_note_body", "ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT ''"},
    {1, "0001_notes", "CREATE TABLE notes (id bigint PRIMARY KEY);"},
};

TEST(PgMigrations, MigrationsApplyOnceInVersionOrder) {
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_migrations_once"));

  EXPECT_EQ(run(ioc, migrate(pool, kNotes)), 2);
  EXPECT_EQ(run(ioc, migrate(pool, kNotes)), 0);

  EXPECT_EQ(applied(ioc, pool),
            (std::vector<std::pair<int, std::string>>{{1, "0001_notes"}, {2, "0002_note_body"}}));
}

TEST(PgMigrations, NewMigrationIsAppliedOnTopOfTheApplied) {
  static constexpr Query kInsert{"insert_note", "INSERT INTO notes (id, body) VALUES ($1, $2)"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_migrations_later"));

  EXPECT_EQ(run(ioc, migrate(pool, std::span(kNotes).subspan(1))), 1);
  EXPECT_EQ(run(ioc, migrate(pool, kNotes)), 1);

  EXPECT_EQ(run(ioc, pool.query(kInsert, 1, "hello")).affected(), 1);
  EXPECT_EQ(applied(ioc, pool).size(), 2u);
}

TEST(PgMigrations, ConcurrentStartsApplyEachMigrationExactlyOnce) {
  // Creating a table twice would fail, and the insert would count twice.
  static constexpr Migration kCounted[] = {
      {1, "0001_runs", "CREATE TABLE runs (n int)"},
      {2, "0002_first_run", "INSERT INTO runs VALUES (1)"},
      {3, "0003_more", "CREATE TABLE more (id int); CREATE INDEX more_id ON more (id)"},
  };
  static constexpr Query kRuns{"count_runs", "SELECT count(*) FROM runs"};
  const PoolSettings settings = tests::pool_settings("pg_migrations_concurrent");

  // Four instances starting at once, each with its own thread and pool.
  std::vector<std::future<int>> instances;
  instances.reserve(4);
  for (int i = 0; i < 4; ++i) {
    instances.push_back(std::async(std::launch::async, [&settings] {
      boost::asio::io_context ioc;
      Pool pool(ioc, settings);
      return run(ioc, migrate(pool, kCounted));
    }));
  }
  int total = 0;
  for (std::future<int>& instance : instances) {
    total += instance.get();
  }

  EXPECT_EQ(total, 3);
  boost::asio::io_context ioc;
  Pool pool(ioc, settings);
  EXPECT_EQ(applied(ioc, pool).size(), 3u);
  EXPECT_EQ(run(ioc, pool.query(kRuns)).get<std::int64_t>(0, 0), 1);
}

TEST(PgMigrations, FailingMigrationIsRolledBackAndNamed) {
  static constexpr Migration kBroken[] = {
      {1, "0001_fine", "CREATE TABLE fine (id int)"},
      {2, "0002_broken", "CREATE TABLE half (id int); SELEC 1"},
      {3, "0003_after", "CREATE TABLE after (id int)"},
  };
  static constexpr Query kExists{"table_exists", "SELECT to_regclass($1) IS NOT NULL"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_migrations_failing"));

  std::optional<SqlError> error = sql_error_of(ioc, migrate(pool, kBroken));

  ASSERT_TRUE(error.has_value());
  EXPECT_NE(std::string(error->what()).find("0002_broken"), std::string::npos);
  EXPECT_EQ(applied(ioc, pool), (std::vector<std::pair<int, std::string>>{{1, "0001_fine"}}));
  EXPECT_FALSE(run(ioc, pool.query(kExists, "half")).get<bool>(0, 0));
  EXPECT_FALSE(run(ioc, pool.query(kExists, "after")).get<bool>(0, 0));
}

TEST(PgMigrations, TwoMigrationsWithOneVersionAreABug) {
  static constexpr Migration kTwins[] = {
      {1, "0001_a", "SELECT 1"},
      {1, "0001_b", "SELECT 1"},
  };
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_migrations_once"));
  EXPECT_EQ(error_code_of(ioc, migrate(pool, kTwins)), ErrorCode::kInternal);
}

}  // namespace
}  // namespace classroom::core::pg
