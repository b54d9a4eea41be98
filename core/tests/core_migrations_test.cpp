// core's own migrations and events::apply_once against a real PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "core/errors.hpp"
#include "core/events/apply_once.hpp"
#include "core/ids.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::pg {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using tests::error_code_of;
using tests::run;

// What a database of a service looked like before core had migrations: the
// service's schema held the processed events and idempotency keys, and its
// 0002 the outbox (as services/api/migrations had them).
constexpr Migration kOldService[] = {
    {1, "0001_schema", R"sql(
CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL);
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE idempotency_keys (
    user_id      uuid NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer,
    headers      jsonb,
    body         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
)sql"},
    {2, "0002_outbox", R"sql(
CREATE TABLE outbox (
    seq         bigserial PRIMARY KEY,
    id          uuid NOT NULL UNIQUE,
    type        text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    course_id   uuid,
    data        jsonb NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
)sql"},
};

// The same service once core owns those tables: its 0001 reduced to what is
// its own, its 0002 gone, and a later migration of its own.
constexpr Migration kNewService[] = {
    {1, "0001_schema", "CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL);"},
    {3, "0003_note_title", "ALTER TABLE notes ADD COLUMN title text"},
};

// Every column and index of the public schema, as text, in a stable order.
constexpr Query kSchema{
    "test_schema_shape",
    "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || "
    "coalesce(column_default, '') AS line FROM information_schema.columns "
    "WHERE table_schema = 'public' "
    "UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"};

std::vector<std::string> schema_of(asio::io_context& io, Pool& pool) {
  Result rows = run(io, pool.query(kSchema));
  std::vector<std::string> lines;
  lines.reserve(static_cast<std::size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) {
    lines.push_back(rows.get<std::string>(row, "line"));
  }
  return lines;
}

TEST(CoreMigrations, DatabaseMigratedTheOldWayEndsLikeAFreshOne) {
  asio::io_context io;
  Pool old_db(io, tests::pool_settings("core_migrations_old"));
  Pool fresh_db(io, tests::pool_settings("core_migrations_fresh"));

  EXPECT_EQ(run(io, migrate(old_db, kOldService)), 2);
  // Core's migrations find their tables there already; the service's 0001 is applied.
  EXPECT_EQ(run(io, migrate_service(old_db, kNewService)),
            static_cast<int>(core_migrations().size()) + 1);
  EXPECT_EQ(run(io, migrate_service(fresh_db, kNewService)),
            static_cast<int>(core_migrations().size()) + 2);

  std::vector<std::string> fresh = schema_of(io, fresh_db);
  EXPECT_EQ(schema_of(io, old_db), fresh);
  for (std::string_view table : {"outbox.", "idempotency_keys.", "processed_events."}) {
    EXPECT_TRUE(std::any_of(fresh.begin(), fresh.end(), [&](const std::string& line) {
      return line.starts_with(table);
    })) << table;
  }
  EXPECT_EQ(run(io, migrate_service(old_db, kNewService)), 0);
  EXPECT_EQ(run(io, migrate_service(fresh_db, kNewService)), 0);
}

TEST(CoreMigrations, VersionAppliedUnderAnotherNameIsRefused) {
  static constexpr Migration kReused[] = {
      {1, "0001_schema", "SELECT 1"},
      {2, "0002_tags", "CREATE TABLE tags (id int)"},
  };
  asio::io_context io;
  Pool pool(io, tests::pool_settings("core_migrations_reused"));
  run(io, migrate(pool, kOldService));

  EXPECT_EQ(error_code_of(io, migrate_service(pool, kReused)), ErrorCode::kInternal);
}

class ApplyOnce : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    asio::io_context io;
    Pool pool(io, tests::pool_settings("core_apply_once"));
    run(io, migrate_service(pool, {}));
  }

  // A transaction that applies `id`, committing after the transaction of the
  // test has finished; what apply_once answered it.
  asio::awaitable<bool> apply_and_commit(std::string id) {
    auto tx = co_await pool_.begin();
    bool first = co_await events::apply_once(tx, id);
    co_await tx.commit();
    co_return first;
  }

  // Waits until another session waits for a lock (on the id being applied).
  asio::awaitable<void> until_someone_waits_for_a_lock() {
    static constexpr Query kWaiting{
        "test_apply_once_waiting",
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"};
    asio::steady_timer pause(co_await asio::this_coro::executor);
    for (auto deadline = std::chrono::steady_clock::now() + 10s;;) {
      if ((co_await pool_.query(kWaiting)).get<std::int64_t>(0, 0) > 0) {
        co_return;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("no transaction waited for the event id");
      }
      pause.expires_after(10ms);
      co_await pause.async_wait(asio::use_awaitable);
    }
  }

  // Two transactions apply one id at once; the first ends with `commit` or a
  // rollback while the second waits. What each one's apply_once answered.
  asio::awaitable<std::tuple<bool, bool>> race(std::string id, bool commit) {
    auto first_tx = co_await pool_.begin();
    bool first = co_await events::apply_once(first_tx, id);
    auto end_first = [&]() -> asio::awaitable<void> {
      co_await until_someone_waits_for_a_lock();
      if (commit) {
        co_await first_tx.commit();
      } else {
        co_await first_tx.rollback();
      }
    };
    bool second = co_await (apply_and_commit(id) && end_first());
    co_return std::make_tuple(first, second);
  }

  asio::io_context io_;
  Pool pool_{io_, tests::pool_settings("core_apply_once")};
};

TEST_F(ApplyOnce, TrueForTheFirstTransactionOnlyFalseAfter) {
  std::string id = new_uuid();
  EXPECT_TRUE(run(io_, apply_and_commit(id)));
  EXPECT_FALSE(run(io_, apply_and_commit(id)));
  EXPECT_TRUE(run(io_, apply_and_commit(new_uuid())));
}

TEST_F(ApplyOnce, RolledBackApplicationDoesNotCount) {
  std::string id = new_uuid();
  run(io_, [&]() -> asio::awaitable<void> {
    auto tx = co_await pool_.begin();
    EXPECT_TRUE(co_await events::apply_once(tx, id));
    co_await tx.rollback();
  }());
  EXPECT_TRUE(run(io_, apply_and_commit(id)));
}

TEST_F(ApplyOnce, ConcurrentTransactionWaitsAndIsToldTheEventWasApplied) {
  auto [first, second] = run(io_, race(new_uuid(), /*commit=*/true));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
}

TEST_F(ApplyOnce, ConcurrentTransactionAppliesWhenTheFirstRollsBack) {
  auto [first, second] = run(io_, race(new_uuid(), /*commit=*/false));
  EXPECT_TRUE(first);
  EXPECT_TRUE(second);
}

TEST_F(ApplyOnce, EventIdThatIsNotAUuidIsRefused) {
  auto attempt = [&]() -> asio::awaitable<void> {
    auto tx = co_await pool_.begin();
    co_await events::apply_once(tx, "not-a-uuid");
  };
  EXPECT_EQ(error_code_of(io_, attempt()), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace classroom::core::pg
