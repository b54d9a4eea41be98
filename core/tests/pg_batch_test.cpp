// Pool::query outside a transaction: the statements of one round of the
// io_context go to the server together (core/pg/pool.cpp, PoolCore::execute).
#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/pg/pg.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::pg {
namespace {

using boost::asio::awaitable;
using tests::run;

constexpr Query kPidAndValue{"batch_pid_and_value", "SELECT pg_backend_pid(), $1::int"};
constexpr Query kSlowPidAndValue{"batch_slow_pid_and_value",
                                 "SELECT pg_backend_pid(), $1::int FROM pg_sleep(0.3)"};
constexpr Query kInsert{"batch_insert", "INSERT INTO batch_items (id) VALUES ($1) RETURNING id"};
constexpr Query kIds{"batch_ids", "SELECT id FROM batch_items ORDER BY id"};
constexpr Query kBroken{"batch_broken", "SELECT 1 FROM"};
constexpr Query kDivide{"batch_divide", "SELECT 1 / $1::int"};
constexpr Query kSlowValue{"batch_slow_value", "SELECT pg_sleep(0.3), $1::int"};
constexpr Query kLockItem{"batch_lock_item", "SELECT id FROM batch_items WHERE id = $1 FOR UPDATE"};
constexpr Query kUpdateItem{"batch_update_item",
                            "UPDATE batch_items SET id = id + 1 WHERE id = $1"};

// What one coroutine's statement came to.
struct Outcome {
  std::optional<Result> result;
  std::optional<SqlError> error;
  bool cancelled = false;
};

class PgBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS batch_items;"
                                   "CREATE TABLE batch_items (id int PRIMARY KEY)"));
  }

  // Starts every statement in the same round, then runs them all to the end.
  std::vector<Outcome> all_at_once(std::vector<std::function<awaitable<Result>()>> statements) {
    std::vector<Outcome> outcomes(statements.size());
    for (std::size_t i = 0; i < statements.size(); ++i) {
      boost::asio::co_spawn(
          ioc_,
          [&, i, statement = statements[i]]() -> awaitable<void> {
            try {
              outcomes[i].result = co_await statement();
            } catch (const SqlError& e) {
              outcomes[i].error = e;
            } catch (const boost::system::system_error& e) {
              outcomes[i].cancelled = e.code() == boost::asio::error::operation_aborted;
            }
          },
          [](std::exception_ptr error) {
            if (error) {
              std::rethrow_exception(error);
            }
          });
    }
    ioc_.restart();
    ioc_.run();
    return outcomes;
  }

  std::vector<int> ids() { return tests::first_column_ints(run(ioc_, pool_.query(kIds))); }

  boost::asio::io_context ioc_;
  Pool pool_{ioc_, tests::pool_settings("pg_batch", 4)};
};

TEST_F(PgBatch, StatementsOfOneRoundShareOneConnection) {
  std::vector<std::function<awaitable<Result>()>> statements;
  statements.reserve(10);
  for (int i = 0; i < 10; ++i) {
    statements.emplace_back([this, i] { return pool_.query(kPidAndValue, i); });
  }
  std::vector<Outcome> outcomes = all_at_once(statements);

  std::set<std::int64_t> pids;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(outcomes[i].result) << i;
    EXPECT_EQ(outcomes[i].result->get<int>(0, 1), i) << "each caller gets its own answer";
    pids.insert(outcomes[i].result->get<std::int64_t>(0, 0));
  }
  EXPECT_EQ(pids.size(), 1u) << "a pool of 4 used one connection for the round";
}

TEST_F(PgBatch, EachReadOfABatchStandsOnItsOwn) {
  std::vector<Outcome> outcomes = all_at_once({
      [this] { return pool_.query(kPidAndValue, 1); },
      [this] { return pool_.query(kDivide, 0); },
      [this] { return pool_.query(kBroken); },
      [this] { return pool_.query(kPidAndValue, 4); },
  });

  ASSERT_TRUE(outcomes[0].result);
  EXPECT_EQ(outcomes[0].result->get<int>(0, 1), 1);
  ASSERT_TRUE(outcomes[1].error);
  EXPECT_EQ(outcomes[1].error->sqlstate(), "22012") << "division by zero, its own";
  ASSERT_TRUE(outcomes[2].error);
  EXPECT_EQ(outcomes[2].error->sqlstate(), "42601") << "a syntax error, its own";
  ASSERT_TRUE(outcomes[3].result) << "failures before it in the batch do not touch it";
  EXPECT_EQ(outcomes[3].result->get<int>(0, 1), 4);
  EXPECT_EQ(outcomes[0].result->get<std::int64_t>(0, 0),
            outcomes[3].result->get<std::int64_t>(0, 0))
      << "one batch";
}

TEST_F(PgBatch, MoreReadsThanOneBatchHoldsAreAllAnswered) {
  std::vector<std::function<awaitable<Result>()>> statements;
  statements.reserve(40);
  // The first read keeps its batch's connection busy, so that the next batch
  // cannot go to that connection however fast the machine is.
  statements.emplace_back([this] { return pool_.query(kSlowPidAndValue, 0); });
  for (int i = 1; i < 40; ++i) {
    statements.emplace_back([this, i] { return pool_.query(kPidAndValue, i); });
  }
  std::vector<Outcome> outcomes = all_at_once(statements);

  std::set<std::int64_t> pids;
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(outcomes[i].result) << i;
    EXPECT_EQ(outcomes[i].result->get<int>(0, 1), i);
    pids.insert(outcomes[i].result->get<std::int64_t>(0, 0));
  }
  // Batches of 16, 16 and 8; the first holds its connection, so the second
  // goes to another one (the third may follow on either): two or three
  // backends answer; one would mean a batch of more than 16.
  EXPECT_GE(pids.size(), 2u) << "40 reads do not fit in one batch";
  EXPECT_LE(pids.size(), 3u);
}

TEST_F(PgBatch, CancelledCallerLeavesAtOnceAndTheOthersOfItsBatchGetTheirAnswers) {
  using namespace boost::asio::experimental::awaitable_operators;
  const auto started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration cancelled_after{};
  std::vector<Outcome> outcomes = all_at_once({
      [&]() -> awaitable<Result> {
        boost::asio::steady_timer deadline(ioc_, std::chrono::milliseconds(50));
        auto first = co_await (pool_.query(kSlowValue, 1) ||
                               deadline.async_wait(boost::asio::use_awaitable));
        // `||` returns once the query has given up too.
        cancelled_after = std::chrono::steady_clock::now() - started;
        if (first.index() == 1) {
          throw boost::system::system_error(boost::asio::error::operation_aborted);
        }
        co_return std::move(std::get<0>(first));
      },
      [this] { return pool_.query(kSlowValue, 2); },
  });

  EXPECT_TRUE(outcomes[0].cancelled);
  EXPECT_LT(cancelled_after, std::chrono::milliseconds(250))
      << "the cancelled caller did not wait for its statement (300 ms)";
  ASSERT_TRUE(outcomes[1].result) << "its batch went on for the caller still waiting";
  EXPECT_EQ(outcomes[1].result->get<int>(0, 1), 2);
}

TEST_F(PgBatch, SameBrokenReadTwiceInOneBatchFailsTheSameWayTwice) {
  std::vector<Outcome> outcomes = all_at_once({
      [this] { return pool_.query(kBroken); },
      [this] { return pool_.query(kBroken); },
  });
  for (const Outcome& outcome : outcomes) {
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->sqlstate(), "42601");
  }
}

TEST_F(PgBatch, WriteWaitingForARowLockHoldsUpNoRead) {
  run(ioc_, pool_.query(kInsert, 1));
  std::optional<Transaction> holder;
  run(ioc_, [&]() -> awaitable<void> {
    Transaction transaction = co_await pool_.begin();
    co_await transaction.query(kLockItem, 1);
    holder.emplace(std::move(transaction));
  }());
  bool updated = false;
  bool read_before_update = false;

  std::vector<Outcome> outcomes = all_at_once({
      [&]() -> awaitable<Result> {
        Result result = co_await pool_.query(kUpdateItem, 1);  // waits for the lock
        updated = true;
        co_return result;
      },
      [&]() -> awaitable<Result> {
        Result result = co_await pool_.query(kIds);
        read_before_update = !updated;
        co_await holder->commit();  // lets the update through
        co_return result;
      },
  });

  EXPECT_TRUE(read_before_update);
  ASSERT_TRUE(outcomes[0].result);
  EXPECT_EQ(outcomes[0].result->affected(), 1);
  EXPECT_EQ(ids(), std::vector<int>{2});
}

}  // namespace
}  // namespace classroom::core::pg
