#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pg/pg.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::pg {
namespace {

using boost::asio::awaitable;
using tests::error_code_of;
using tests::run;
using tests::sql_error_of;

constexpr Query kInsert{"ledger_insert", "INSERT INTO ledger (entry) VALUES ($1)"};
constexpr Query kCount{"ledger_count", "SELECT count(*) FROM ledger"};
constexpr Query kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};

class PgTransaction : public ::testing::Test {
 protected:
  void SetUp() override {
    run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS ledger;"
                                   "CREATE TABLE ledger (entry text PRIMARY KEY)"));
  }

  std::int64_t rows() { return run(ioc_, pool_.query(kCount)).get<std::int64_t>(0, 0); }

  boost::asio::io_context ioc_;
  // One connection: whatever a transaction leaves on it, the next user sees.
  Pool pool_{ioc_, tests::pool_settings("pg_transaction", 1)};
};

TEST_F(PgTransaction, CommittedChangesAreVisibleAfterwards) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    co_await transaction.query(kInsert, "a");
    co_await transaction.query(kInsert, "b");
    co_await transaction.commit();
  }());
  EXPECT_EQ(rows(), 2);
}

TEST_F(PgTransaction, RolledBackChangesLeaveNoTrace) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    co_await transaction.query(kInsert, "a");
    EXPECT_EQ((co_await transaction.query(kCount)).get<std::int64_t>(0, 0), 1);
    co_await transaction.rollback();
  }());
  EXPECT_EQ(rows(), 0);
}

TEST_F(PgTransaction, DestroyedUncommittedTransactionIsRolledBackAndItsConnectionReused) {
  std::int64_t pid_inside = 0;
  run(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    co_await transaction.query(kInsert, "a");
    pid_inside = (co_await transaction.query(kBackendPid)).get<std::int64_t>(0, 0);
  }());
  // Had the connection come back mid-transaction, its own uncommitted row
  // would show here.
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(run(ioc_, pool_.query(kBackendPid)).get<std::int64_t>(0, 0), pid_inside);
}

TEST_F(PgTransaction, DestroyedTransactionReleasesItsConnectionToAWaitingQuery) {
  std::int64_t count = -1;
  run(ioc_, [&]() -> awaitable<void> {
    {
      Transaction transaction = co_await pool_.begin();
      co_await transaction.query(kInsert, "a");
    }
    // The only connection is still being rolled back: this one waits for it.
    count = (co_await pool_.query(kCount)).get<std::int64_t>(0, 0);
  }());
  EXPECT_EQ(count, 0);
}

TEST_F(PgTransaction, CommitAfterAFailedStatementThrowsAndKeepsNothing) {
  std::optional<SqlError> error = sql_error_of(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    co_await transaction.query(kInsert, "a");
    try {
      co_await transaction.query(kInsert, "a");
    } catch (const SqlError& e) {
      EXPECT_TRUE(e.is_unique_violation());
    }
    co_await transaction.commit();
  }());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->sqlstate(), "25P02");
  EXPECT_EQ(rows(), 0);
}

TEST_F(PgTransaction, FinishedTransactionRefusesFurtherStatements) {
  std::optional<ErrorCode> code = error_code_of(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    co_await transaction.commit();
    co_await transaction.query(kInsert, "late");
  }());
  EXPECT_EQ(code, ErrorCode::kInternal);
  EXPECT_EQ(rows(), 0);
}

TEST_F(PgTransaction, BeginTakesAnIsolationLevel) {
  static constexpr Query kIsolation{"show_isolation", "SHOW transaction_isolation"};
  std::string level = run(ioc_, [&]() -> awaitable<std::string> {
    Transaction transaction = co_await pool_.begin("BEGIN ISOLATION LEVEL SERIALIZABLE");
    std::string shown = (co_await transaction.query(kIsolation)).get<std::string>(0, 0);
    co_await transaction.commit();
    co_return shown;
  }());
  EXPECT_EQ(level, "serializable");
}

TEST_F(PgTransaction, NestedCommitKeepsItsChangesWithTheOuterOnes) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    co_await outer.query(kInsert, "a");
    Transaction inner = co_await outer.begin();
    co_await inner.query(kInsert, "b");
    co_await inner.commit();
    EXPECT_FALSE(inner.active());
    co_await outer.query(kInsert, "c");
    co_await outer.commit();
  }());
  EXPECT_EQ(rows(), 3);
}

TEST_F(PgTransaction, NestedChangesGoWhenTheOuterIsRolledBack) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    Transaction inner = co_await outer.begin();
    co_await inner.query(kInsert, "b");
    co_await inner.commit();
  }());
  EXPECT_EQ(rows(), 0);
}

TEST_F(PgTransaction, NestedRollbackUndoesOnlyItsOwnChanges) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    co_await outer.query(kInsert, "a");
    Transaction inner = co_await outer.begin();
    co_await inner.query(kInsert, "b");
    co_await inner.rollback();
    co_await outer.query(kInsert, "b");  // b is free again
    co_await outer.commit();
  }());
  EXPECT_EQ(rows(), 2);
}

TEST_F(PgTransaction, NestedDestroyedAfterAFailedStatementIsUndoneAndTheOuterGoesOn) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    co_await outer.query(kInsert, "a");
    {
      Transaction inner = co_await outer.begin();
      co_await inner.query(kInsert, "b");
      Transaction innermost = co_await inner.begin();
      co_await innermost.query(kInsert, "c");
      co_await innermost.commit();
      try {
        co_await inner.query(kInsert, "a");
      } catch (const SqlError& e) {
        EXPECT_TRUE(e.is_unique_violation());
      }
    }
    // b and c went with the savepoint; the outer transaction is usable again.
    EXPECT_EQ((co_await outer.query(kCount)).get<std::int64_t>(0, 0), 1);
    co_await outer.query(kInsert, "c");
    co_await outer.commit();
  }());
  EXPECT_EQ(rows(), 2);
}

TEST_F(PgTransaction, OuterRefusesStatementsWhileANestedOneIsOpen) {
  std::optional<ErrorCode> code = error_code_of(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    Transaction inner = co_await outer.begin();
    co_await outer.query(kInsert, "a");
  }());
  EXPECT_EQ(code, ErrorCode::kInternal);
  EXPECT_EQ(rows(), 0);
}

TEST_F(PgTransaction, AfterCommitWorkWaitsForTheOutermostCommit) {
  std::vector<std::string> done;
  run(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    Transaction kept = co_await outer.begin();
    kept.after_commit([&] { done.emplace_back("kept"); });
    co_await kept.commit();
    {
      Transaction undone = co_await outer.begin();
      undone.after_commit([&] { done.emplace_back("undone"); });
    }
    Transaction rolled_back = co_await outer.begin();
    rolled_back.after_commit([&] { done.emplace_back("rolled back"); });
    co_await rolled_back.rollback();
    outer.after_commit([&] { done.emplace_back("outer"); });
    EXPECT_TRUE(done.empty());
    co_await outer.commit();
  }());
  EXPECT_EQ(done, (std::vector<std::string>{"kept", "outer"}));
}

TEST_F(PgTransaction, AfterCommitWorkOfARolledBackTransactionNeverRuns) {
  bool ran = false;
  run(ioc_, [&]() -> awaitable<void> {
    Transaction outer = co_await pool_.begin();
    Transaction inner = co_await outer.begin();
    inner.after_commit([&] { ran = true; });
    co_await inner.commit();
    co_await outer.rollback();
  }());
  EXPECT_FALSE(ran);
}

TEST(PgSerializableTransaction, WriteSkewIsASerializationFailure) {
  static constexpr Query kOnCall{"on_call_count", "SELECT count(*) FROM doctors WHERE on_call"};
  static constexpr Query kGoHome{"go_home", "UPDATE doctors SET on_call = false WHERE id = $1"};
  boost::asio::io_context ioc;
  Pool pool(ioc, tests::pool_settings("pg_transaction", 2));
  run(ioc, pool.execute_script("DROP TABLE IF EXISTS doctors;"
                               "CREATE TABLE doctors (id int, on_call bool);"
                               "INSERT INTO doctors VALUES (1, true), (2, true)"));
  // Each doctor checks that someone else stays on call, then leaves: one of
  // the two must fail, or nobody would be on call.
  std::optional<SqlError> error = sql_error_of(ioc, [&]() -> awaitable<void> {
    Transaction first = co_await pool.begin("BEGIN ISOLATION LEVEL SERIALIZABLE");
    Transaction second = co_await pool.begin("BEGIN ISOLATION LEVEL SERIALIZABLE");
    EXPECT_EQ((co_await first.query(kOnCall)).get<std::int64_t>(0, 0), 2);
    EXPECT_EQ((co_await second.query(kOnCall)).get<std::int64_t>(0, 0), 2);
    co_await first.query(kGoHome, 1);
    co_await second.query(kGoHome, 2);
    co_await first.commit();
    co_await second.commit();
  }());
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->is_serialization_failure());
  EXPECT_EQ(run(ioc, pool.query(kOnCall)).get<std::int64_t>(0, 0), 1);
}

}  // namespace
}  // namespace classroom::core::pg
