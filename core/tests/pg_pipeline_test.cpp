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
using tests::run;
using tests::sql_error_of;

constexpr Query kInsert{"pipeline_insert", "INSERT INTO items (id) VALUES ($1) RETURNING id"};
constexpr Query kCount{"pipeline_count", "SELECT count(*) FROM items"};
constexpr Query kIds{"pipeline_ids", "SELECT id FROM items ORDER BY id"};

class PgPipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS items;"
                                   "CREATE TABLE items (id int PRIMARY KEY)"));
  }

  std::vector<int> ids() { return tests::first_column_ints(run(ioc_, pool_.query(kIds))); }

  boost::asio::io_context ioc_;
  // One connection, so each query is prepared inside the pipeline itself.
  Pool pool_{ioc_, tests::pool_settings("pg_pipeline", 1)};
};

TEST_F(PgPipeline, InsertsAndSelectInOneBatchAnswerInStatementOrder) {
  constexpr int kInserts = 20;
  std::vector<Statement> statements;
  statements.reserve(kInserts + 1);
  for (int i = 0; i < kInserts; ++i) {
    statements.push_back(bind(kInsert, 100 - i));
  }
  statements.push_back(bind(kCount));

  std::vector<Result> results = run(ioc_, pool_.pipeline(std::move(statements)));

  ASSERT_EQ(results.size(), static_cast<std::size_t>(kInserts + 1));
  for (int i = 0; i < kInserts; ++i) {
    EXPECT_EQ(results[i].get<int>(0, "id"), 100 - i);
  }
  EXPECT_EQ(results.back().get<std::int64_t>(0, 0), kInserts);
}

TEST_F(PgPipeline, FailingStatementThrowsWhileTheOthersStillApply) {
  std::vector<Statement> statements;
  statements.push_back(bind(kInsert, 1));
  statements.push_back(bind(kInsert, 1));
  statements.push_back(bind(kInsert, 2));

  std::optional<SqlError> error = sql_error_of(ioc_, pool_.pipeline(std::move(statements)));

  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->is_unique_violation());
  // Outside a transaction each statement stands on its own.
  EXPECT_EQ(ids(), (std::vector<int>{1, 2}));
}

TEST_F(PgPipeline, FailingStatementInATransactionSkipsTheRest) {
  std::optional<SqlError> error = sql_error_of(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    std::vector<Statement> statements;
    statements.push_back(bind(kInsert, 1));
    statements.push_back(bind(kInsert, 1));
    statements.push_back(bind(kInsert, 2));
    co_await transaction.pipeline(std::move(statements));
  }());

  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->is_unique_violation());
  EXPECT_EQ(ids(), std::vector<int>{});
}

TEST_F(PgPipeline, PipelineInATransactionCommitsWithIt) {
  run(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    std::vector<Statement> statements;
    statements.push_back(bind(kInsert, 1));
    statements.push_back(bind(kInsert, 2));
    std::vector<Result> results = co_await transaction.pipeline(std::move(statements));
    EXPECT_EQ(results.size(), 2u);
    co_await transaction.commit();
  }());
  EXPECT_EQ(ids(), (std::vector<int>{1, 2}));
}

TEST_F(PgPipeline, StatementThatFailsToPrepareFailsOnlyItself) {
  static constexpr Query kBroken{"pipeline_broken", "SELEC 1"};
  std::vector<Statement> statements;
  statements.push_back(bind(kInsert, 1));
  statements.push_back(bind(kBroken));
  statements.push_back(bind(kInsert, 2));

  std::optional<SqlError> error = sql_error_of(ioc_, pool_.pipeline(std::move(statements)));

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->sqlstate(), "42601");
  EXPECT_EQ(ids(), (std::vector<int>{1, 2}));
}

TEST_F(PgPipeline, EmptyPipelineAnswersNothing) {
  EXPECT_TRUE(run(ioc_, pool_.pipeline({})).empty());
}

}  // namespace
}  // namespace classroom::core::pg
