#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/pg/pg.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::pg {
namespace {

using boost::asio::awaitable;
using tests::error_code_of;
using tests::run;
using tests::sql_error_of;

constexpr Query kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};

class PgQuery : public ::testing::Test {
 protected:
  boost::asio::io_context ioc_;
  Pool pool_{ioc_, tests::pool_settings("pg_query", 2)};
};

TEST_F(PgQuery, ParametersAndNullsRoundTripAsTypedValues) {
  static constexpr Query kInsert{"typed_insert",
                                 "INSERT INTO typed (name, big, small, flag, ratio, note, score) "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
  static constexpr Query kSelect{"typed_select",
                                 "SELECT name, big, small, flag, ratio, note, score FROM typed"};
  const std::string name = "O'Brien; DROP TABLE typed; -- \"ünïcødé\"";
  const std::int64_t big = 9'007'199'254'740'993;  // not exact as a double
  Result result = run(ioc_, [&]() -> awaitable<Result> {
    co_await pool_.execute_script(
        "DROP TABLE IF EXISTS typed;"
        "CREATE TABLE typed (name text, big bigint, small int, flag bool, ratio float8,"
        "                    note text, score int)");
    co_await pool_.query(kInsert, name, big, -42, true, 0.1, std::optional<std::string>(),
                         std::nullopt);
    co_return co_await pool_.query(kSelect);
  }());

  ASSERT_EQ(result.rows(), 1);
  EXPECT_EQ(result.get<std::string>(0, "name"), name);
  EXPECT_EQ(result.get<std::int64_t>(0, "big"), big);
  EXPECT_EQ(result.get<int>(0, "small"), -42);
  EXPECT_TRUE(result.get<bool>(0, "flag"));
  EXPECT_EQ(result.get<double>(0, "ratio"), 0.1);
  EXPECT_TRUE(result.is_null(0, result.column("note")));
  EXPECT_EQ(result.get<std::optional<std::string>>(0, "note"), std::nullopt);
  EXPECT_EQ(result.get<std::optional<int>>(0, "score"), std::nullopt);
  EXPECT_EQ(result.get<std::optional<int>>(0, "small"), -42);
}

TEST_F(PgQuery, MisreadColumnsAreInternalErrors) {
  static constexpr Query kRow{"misread_row", "SELECT NULL::int AS nothing, 'abc' AS word"};
  Result result = run(ioc_, pool_.query(kRow));
  auto code_of = [](auto read) -> std::optional<ErrorCode> {
    try {
      read();
    } catch (const Error& e) {
      return e.code();
    }
    return std::nullopt;
  };
  EXPECT_EQ(code_of([&] { return result.get<int>(0, "nothing"); }), ErrorCode::kInternal);
  EXPECT_EQ(code_of([&] { return result.get<int>(0, "word"); }), ErrorCode::kInternal);
  EXPECT_EQ(code_of([&] { return result.get<bool>(0, "word"); }), ErrorCode::kInternal);
  EXPECT_EQ(code_of([&] { return result.column("absent"); }), ErrorCode::kInternal);
  EXPECT_EQ(code_of([&] { return result.text(1, 0); }), ErrorCode::kInternal);
}

TEST_F(PgQuery, ColumnHintIsOnlyWhereToLookFirst) {
  static constexpr Query kRow{"hinted_row", "SELECT 1 AS one, 2 AS two, 3 AS three"};
  Result result = run(ioc_, pool_.query(kRow));
  EXPECT_EQ(result.column("two", 1), 1);
  EXPECT_EQ(result.column("two", 0), 1) << "a wrong hint still finds the column";
  EXPECT_EQ(result.column("three", 7), 2) << "a hint past the last column is ignored";
  EXPECT_EQ(result.column("one", -1), 0);
  EXPECT_THROW(result.column("four", 2), Error);
}

TEST(PgPreparedStatement, SameQueryTwiceIsPreparedOnceOnTheConnection) {
  static constexpr Query kDouble{"double_it", "SELECT $1::int * 2"};
  static constexpr Query kPrepared{"count_prepared",
                                   "SELECT count(*) FROM pg_prepared_statements WHERE name = $1"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_query", 1));
  run(ioc, [&]() -> awaitable<void> {
    std::int64_t pid = (co_await pool.query(kBackendPid)).get<std::int64_t>(0, 0);
    EXPECT_EQ((co_await pool.query(kDouble, 3)).get<int>(0, 0), 6);
    EXPECT_EQ((co_await pool.query(kDouble, 5)).get<int>(0, 0), 10);
    EXPECT_EQ((co_await pool.query(kPrepared, "double_it")).get<std::int64_t>(0, 0), 1);
    EXPECT_EQ((co_await pool.query(kBackendPid)).get<std::int64_t>(0, 0), pid);
  }());
}

TEST_F(PgQuery, UniqueViolationIsSqlErrorNamingTheConstraint) {
  static constexpr Query kInsert{"unique_insert", "INSERT INTO people (email) VALUES ($1)"};
  run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS people;"
                                 "CREATE TABLE people (email text CONSTRAINT people_email_key "
                                 "UNIQUE)"));
  run(ioc_, pool_.query(kInsert, "ada@example.com"));

  std::optional<SqlError> error = sql_error_of(ioc_, pool_.query(kInsert, "ada@example.com"));

  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->is_unique_violation());
  EXPECT_EQ(error->sqlstate(), "23505");
  EXPECT_EQ(error->constraint(), "people_email_key");
  EXPECT_NE(std::string(error->what()).find("unique_insert"), std::string::npos);
  EXPECT_EQ(run(ioc_, pool_.query(kInsert, "grace@example.com")).affected(), 1);
}

TEST_F(PgQuery, StatementThatFailsToPrepareFailsTheSameWayAgain) {
  static constexpr Query kBroken{"broken_syntax", "SELEC 1"};
  std::optional<SqlError> first = sql_error_of(ioc_, pool_.query(kBroken));
  std::optional<SqlError> second = sql_error_of(ioc_, pool_.query(kBroken));
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->sqlstate(), "42601");
  EXPECT_EQ(second->sqlstate(), "42601");
  EXPECT_TRUE(run(ioc_, pool_.ping()));
}

TEST_F(PgQuery, TwoDifferentQueriesWithOneNameAreABug) {
  static constexpr Query kOne{"same_name", "SELECT 1"};
  static constexpr Query kTwo{"same_name", "SELECT 2"};
  Pool single(ioc_, tests::pool_settings("pg_query", 1));
  run(ioc_, single.query(kOne));
  EXPECT_EQ(error_code_of(ioc_, single.query(kTwo)), ErrorCode::kInternal);
  EXPECT_EQ(run(ioc_, single.query(kOne)).get<int>(0, 0), 1);
}

TEST_F(PgQuery, AffectedCountsTheRowsAStatementChanged) {
  static constexpr Query kBump{"bump_counters", "UPDATE counters SET n = n + 1 WHERE n < $1"};
  run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS counters;"
                                 "CREATE TABLE counters (n int);"
                                 "INSERT INTO counters SELECT generate_series(1, 10)"));
  Result result = run(ioc_, pool_.query(kBump, 4));
  EXPECT_EQ(result.affected(), 3);
  EXPECT_EQ(result.command_status(), "UPDATE 3");
}

TEST_F(PgQuery, ScriptRunsSeveralStatementsAndReportsTheFirstFailure) {
  static constexpr Query kCount{"script_count", "SELECT count(*) FROM scripted"};
  run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS scripted;"
                                 "CREATE TABLE scripted (n int);"
                                 "INSERT INTO scripted VALUES (1), (2);"));
  EXPECT_EQ(run(ioc_, pool_.query(kCount)).get<std::int64_t>(0, 0), 2);

  // A simple-protocol script is one implicit transaction: all or nothing.
  std::optional<SqlError> error =
      sql_error_of(ioc_, pool_.execute_script("INSERT INTO scripted VALUES (3); SELECT 1/0;"));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->sqlstate(), "22012");
  EXPECT_EQ(run(ioc_, pool_.query(kCount)).get<std::int64_t>(0, 0), 2);
}

TEST_F(PgQuery, LargeResultArrivesWhole) {
  static constexpr Query kMany{"many_rows",
                               "SELECT g, repeat('x', 200) FROM generate_series(1, $1) g"};
  Result result = run(ioc_, pool_.query(kMany, 50'000));
  ASSERT_EQ(result.rows(), 50'000);
  EXPECT_EQ(result.get<int>(49'999, 0), 50'000);
  EXPECT_EQ(result.text(0, 1).size(), 200u);
}

}  // namespace
}  // namespace classroom::core::pg
