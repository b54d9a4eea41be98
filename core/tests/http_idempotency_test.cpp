// Idempotency-Key against a real PostgreSQL: the key and the write it guards
// commit together, whatever dies between the claim and the commit.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/errors.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/problem.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/testing/servers.hpp"
#include "core/tests/pg_test_support.hpp"

namespace classroom::core::http {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using namespace std::chrono_literals;
using pg::tests::run;

constexpr pg::Query kInsertNote{"note_insert", "INSERT INTO notes (body) VALUES ($1) RETURNING id"};
constexpr pg::Query kNotes{"note_count", "SELECT count(*) FROM notes"};
constexpr pg::Query kKeys{"key_count", "SELECT count(*) FROM idempotency_keys"};
constexpr pg::Query kBackendPid{"note_backend_pid", "SELECT pg_backend_pid()"};
constexpr pg::Query kWaitingForALock{
    "waiting_for_a_lock",
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND wait_event_type = 'Lock'"};
constexpr pg::Query kTerminate{"note_terminate", "SELECT pg_terminate_backend($1)"};

constexpr std::string_view kUser = "0190b6c4-8f5e-7c3a-9b1d-2e4f6a8c0d12";

Request keyed_post(std::string key, std::string body) {
  Request request;
  request.method = Method::kPost;
  request.target = request.path = "/notes";
  request.body = std::move(body);
  request.request_id = "test";
  request.headers = {{"idempotency-key", std::move(key)}, {"x-auth-user", std::string(kUser)}};
  return request;
}

// The answer a client gets: a thrown Error becomes its problem, as the server does it.
awaitable<Response> answer(const Handler& handler, Request& request) {
  std::optional<Error> refused;
  try {
    co_return co_await handler(request);
  } catch (const Error& e) {
    refused = e;
  }
  co_return problem_response(*refused, request.request_id);
}

bool replayed(const Response& response) {
  return response.header("Idempotent-Replayed") == std::optional<std::string_view>("true");
}

// Resumes the coroutine waiting on it when cancelled; never expires.
class Gate {
 public:
  explicit Gate(asio::io_context& ioc)
      : timer_(ioc, std::chrono::steady_clock::time_point::max()) {}
  awaitable<void> wait() {
    reached_ = true;
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  bool reached() const { return reached_; }
  void open() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
  bool reached_ = false;
};

// Polls `condition` every 10 ms until it holds; false after 20 s.
awaitable<bool> eventually(std::function<awaitable<bool>()> condition) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (co_await condition()) {
      co_return true;
    }
    timer.expires_after(10ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return false;
}

class HttpIdempotency : public ::testing::Test {
 protected:
  void SetUp() override {
    run(ioc_, pg::migrate(pool_, pg::core_migrations()));
    run(ioc_, pool_.execute_script("DROP TABLE IF EXISTS notes;"
                                   "CREATE TABLE notes (id serial PRIMARY KEY, body text);"
                                   "TRUNCATE idempotency_keys"));
  }

  // A creating handler on `db`, as services write them: one transaction from
  // http::begin, `inside_` before its commit and `after_` after it.
  Handler handler_on(pg::Pool& db) {
    return idempotency_of(db).wrap([this, &db](Request& request) -> awaitable<Response> {
      auto tx = co_await begin(db, request);
      auto id = (co_await tx.query(kInsertNote, request.body)).get<int>(0, 0);
      tx.after_commit([this] { ++after_commit_runs_; });
      if (inside_) {
        co_await inside_(tx);
      }
      co_await tx.commit();
      if (after_) {
        co_await after_();
      }
      co_return Response::json(201, "{\"id\":" + std::to_string(id) + "}");
    });
  }
  Idempotency& idempotency_of(pg::Pool& db) {
    return &db == &pool_ ? idempotency_ : other_idempotency_.emplace(db);
  }

  Response post(std::string key, std::string body = "note") {
    Request request = keyed_post(std::move(key), std::move(body));
    return run(ioc_, answer(handler_, request));
  }
  std::int64_t count(const pg::Query& query) {
    return run(ioc_, pool_.query(query)).get<std::int64_t>(0, 0);
  }
  awaitable<bool> someone_waits_for_a_lock() {
    co_return (co_await pool_.query(kWaitingForALock)).get<std::int64_t>(0, 0) > 0;
  }

  asio::io_context ioc_;
  pg::Pool pool_{ioc_, pg::tests::pool_settings("http_idempotency", 4)};
  Idempotency idempotency_{pool_};
  std::optional<Idempotency> other_idempotency_;
  std::function<awaitable<void>(pg::Transaction&)> inside_;
  std::function<awaitable<void>()> after_;
  int after_commit_runs_ = 0;
  Handler handler_ = handler_on(pool_);
};

TEST_F(HttpIdempotency, SameKeyAnswersTheFirstResponseAgainWithoutActing) {
  Response first = post("k1");
  Response second = post("k1");
  EXPECT_EQ(first.status, 201);
  EXPECT_FALSE(replayed(first));
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_TRUE(replayed(second));
  EXPECT_EQ(count(kNotes), 1);
  EXPECT_EQ(after_commit_runs_, 1);
}

TEST_F(HttpIdempotency, SameKeyWithAnotherBodyIs422AndActsNot) {
  EXPECT_EQ(post("k1", "first").status, 201);
  Response other = post("k1", "second");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(count(kNotes), 1);
}

TEST_F(HttpIdempotency, WorkAfterCommitWaitsForTheKeysCommit) {
  int runs_before_answer = -1;
  after_ = [&]() -> awaitable<void> {
    // The handler's own commit only released its savepoint.
    runs_before_answer = after_commit_runs_;
    co_return;
  };
  EXPECT_EQ(post("k1").status, 201);
  EXPECT_EQ(runs_before_answer, 0);
  EXPECT_EQ(after_commit_runs_, 1);
}

TEST_F(HttpIdempotency, ClientErrorUndoesTheWritesAndIsTheKeysAnswer) {
  inside_ = [](pg::Transaction&) -> awaitable<void> {
    throw Error(ErrorCode::kFailedPrecondition, "not now");
    co_return;
  };
  EXPECT_EQ(post("k1").status, 409);
  EXPECT_EQ(count(kNotes), 0);
  EXPECT_EQ(count(kKeys), 1);
  inside_ = nullptr;
  Response again = post("k1");
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(replayed(again));
  EXPECT_EQ(count(kNotes), 0);
  EXPECT_EQ(after_commit_runs_, 0);
}

TEST_F(HttpIdempotency, ServerErrorKeepsNeitherKeyNorWriteSoARetryActs) {
  inside_ = [](pg::Transaction&) -> awaitable<void> {
    throw Error(ErrorCode::kUnavailable, "a dependency is down");
    co_return;
  };
  EXPECT_EQ(post("k1").status, 503);
  EXPECT_EQ(count(kNotes), 0);
  EXPECT_EQ(count(kKeys), 0);
  inside_ = nullptr;
  Response retry = post("k1");
  EXPECT_EQ(retry.status, 201);
  EXPECT_FALSE(replayed(retry));
  EXPECT_EQ(count(kNotes), 1);
}

TEST_F(HttpIdempotency, TooManyRequestsKeepsNeitherKeyNorWriteSoARetryActs) {
  inside_ = [](pg::Transaction&) -> awaitable<void> {
    throw Error(ErrorCode::kResourceExhausted, "slow down").with_retry_after(1s);
    co_return;
  };
  EXPECT_EQ(post("k1").status, 429);
  EXPECT_EQ(count(kKeys), 0);
  inside_ = nullptr;
  Response retry = post("k1");
  EXPECT_EQ(retry.status, 201);
  EXPECT_FALSE(replayed(retry));
  EXPECT_EQ(count(kNotes), 1);
}

TEST_F(HttpIdempotency, ExpiredKeyIsTakenOverAsNew) {
  EXPECT_EQ(post("k1").status, 201);
  run(ioc_,
      pool_.execute_script("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'"));
  Response later = post("k1", "another body");
  EXPECT_EQ(later.status, 201);
  EXPECT_FALSE(replayed(later));
  EXPECT_EQ(count(kNotes), 2);
}

// Two requests with one key at once: the second waits for the first's
// uncommitted claim, then answers what the first answered.
TEST_F(HttpIdempotency, ConcurrentDuplicatesActOnce) {
  Gate gate(ioc_);
  int entered = 0;
  inside_ = [&](pg::Transaction&) -> awaitable<void> {
    if (entered++ == 0) {
      co_await gate.wait();
    }
  };
  Request first_request = keyed_post("k1", "note");
  Request second_request = keyed_post("k1", "note");
  std::optional<Response> first;
  std::optional<Response> second;
  bool second_waited = run(ioc_, [&]() -> awaitable<bool> {
    asio::co_spawn(
        ioc_, [&]() -> awaitable<void> { first = co_await answer(handler_, first_request); },
        asio::detached);
    co_await eventually([&]() -> awaitable<bool> { co_return gate.reached(); });
    asio::co_spawn(
        ioc_, [&]() -> awaitable<void> { second = co_await answer(handler_, second_request); },
        asio::detached);
    bool waited = co_await eventually([&] { return someone_waits_for_a_lock(); });
    gate.open();
    co_await eventually([&]() -> awaitable<bool> { co_return first&& second; });
    co_return waited;
  }());
  EXPECT_TRUE(second_waited);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(second->status, 201);
  EXPECT_EQ(second->body, first->body);
  EXPECT_TRUE(replayed(*second));
  EXPECT_EQ(count(kNotes), 1);
}

// The same, but the first fails: the second, having waited, acts itself.
TEST_F(HttpIdempotency, ConcurrentDuplicateActsWhenTheFirstFails) {
  Gate gate(ioc_);
  int entered = 0;
  inside_ = [&](pg::Transaction&) -> awaitable<void> {
    if (entered++ == 0) {
      co_await gate.wait();
      throw Error(ErrorCode::kUnavailable, "a dependency is down");
    }
  };
  Request first_request = keyed_post("k1", "note");
  Request second_request = keyed_post("k1", "note");
  std::optional<Response> first;
  std::optional<Response> second;
  run(ioc_, [&]() -> awaitable<void> {
    asio::co_spawn(
        ioc_, [&]() -> awaitable<void> { first = co_await answer(handler_, first_request); },
        asio::detached);
    co_await eventually([&]() -> awaitable<bool> { co_return gate.reached(); });
    asio::co_spawn(
        ioc_, [&]() -> awaitable<void> { second = co_await answer(handler_, second_request); },
        asio::detached);
    co_await eventually([&] { return someone_waits_for_a_lock(); });
    gate.open();
    co_await eventually([&]() -> awaitable<bool> { co_return first&& second; });
  }());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 503);
  EXPECT_EQ(second->status, 201);
  EXPECT_FALSE(replayed(*second));
  EXPECT_EQ(count(kNotes), 1);
}

// The process dies while the handler is inside its transaction: its
// connection closes without a commit. A retry acts, once.
TEST_F(HttpIdempotency, ProcessDyingBeforeTheCommitLeavesNeitherClaimNorWrite) {
  Request request = keyed_post("k1", "note");
  {
    asio::io_context dying;
    Gate gate(dying);
    pg::Pool db(dying, pg::tests::pool_settings("http_idempotency", 1));
    Handler handler = handler_on(db);
    inside_ = [&](pg::Transaction&) -> awaitable<void> { co_await gate.wait(); };
    asio::co_spawn(dying, answer(handler, request), asio::detached);
    while (!gate.reached() && dying.run_one_for(20s) > 0) {
    }
    ASSERT_TRUE(gate.reached());
  }  // the process's end: the io_context and its coroutines go, never resumed
  inside_ = nullptr;
  Response retry = post("k1");
  EXPECT_EQ(retry.status, 201);
  EXPECT_FALSE(replayed(retry));
  EXPECT_EQ(count(kNotes), 1);
  EXPECT_EQ(post("k1").body, retry.body);
  EXPECT_EQ(count(kNotes), 1);
}

// PostgreSQL's backend is killed while the handler is inside its transaction.
TEST_F(HttpIdempotency, BackendKilledBeforeTheCommitLeavesNeitherClaimNorWrite) {
  Gate gate(ioc_);
  std::int64_t pid = 0;
  inside_ = [&](pg::Transaction& tx) -> awaitable<void> {
    pid = (co_await tx.query(kBackendPid)).get<std::int64_t>(0, 0);
    co_await gate.wait();
  };
  Request request = keyed_post("k1", "note");
  std::optional<Response> killed;
  run(ioc_, [&]() -> awaitable<void> {
    asio::co_spawn(
        ioc_, [&]() -> awaitable<void> { killed = co_await answer(handler_, request); },
        asio::detached);
    co_await eventually([&]() -> awaitable<bool> { co_return gate.reached(); });
    co_await pool_.query(kTerminate, pid);
    gate.open();
    co_await eventually([&]() -> awaitable<bool> { co_return killed.has_value(); });
  }());
  inside_ = nullptr;
  ASSERT_TRUE(killed);
  EXPECT_EQ(killed->status, 503);
  EXPECT_EQ(count(kKeys), 0);
  Response retry = post("k1");
  EXPECT_EQ(retry.status, 201);
  EXPECT_FALSE(replayed(retry));
  EXPECT_EQ(count(kNotes), 1);
}

// PostgreSQL stops after the handler's own commit, before the answer is
// stored: the write was never final, so a retry acts, once.
TEST_F(HttpIdempotency, PostgresqlStoppingBeforeTheAnswerIsStoredLeavesNoWrite) {
  std::optional<testing::Outage> outage;
  after_ = [&]() -> awaitable<void> {
    outage.emplace("pg");
    co_return;
  };
  EXPECT_EQ(post("k1").status, 503);
  after_ = nullptr;
  outage->end();
  Response retry = post("k1");
  EXPECT_EQ(retry.status, 201);
  EXPECT_FALSE(replayed(retry));
  EXPECT_EQ(count(kNotes), 1);
  EXPECT_EQ(count(kKeys), 1);
}

}  // namespace
}  // namespace classroom::core::http
