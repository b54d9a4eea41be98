// A password reset against real PostgreSQL and Redis when auth stops between
// the reset's commit and the end of the account's sessions: the events the
// reset committed end them once consumed, and spare a session begun after it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <chrono>

#include "core/events/consumer.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "core/time.hpp"
#include "services/auth/account_sync.hpp"
#include "services/auth/email_tokens.hpp"
#include "services/auth/sessions.hpp"
#include "services/auth/users.hpp"

namespace classroom::auth {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::run;
using testing::Servers;

core::pg::PoolSettings database() {
  core::pg::PoolSettings s;
  s.url = Servers::get().pg_url("auth_password_reset_test");
  s.size = 2;
  return s;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             core::Clock::now().time_since_epoch())
      .count();
}

class PasswordResetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    asio::io_context io;
    run(io, [&]() -> asio::awaitable<void> {
      core::pg::Pool db(io, database());
      co_await core::pg::migrate_service(db, core::pg::embedded_migrations());
    }());
  }

  // The user's events the relay appended to this test's stream, in order.
  std::vector<core::events::Event> relayed_events_of(const std::string& user_id) {
    run(io_, relay_.relay_once());
    std::vector<core::events::Event> events;
    auto reply = run(io_, redis_("XRANGE", stream_, "-", "+"));
    for (const auto& entry : reply.elements()) {
      core::events::Event event{.stream_id = entry.elements().at(0).str()};
      for (const auto& [name, value] : entry.elements().at(1).as_pairs()) {
        if (name == "id") {
          event.id = value;
        } else if (name == "type") {
          event.type = value;
        } else if (name == "event") {
          event.envelope = value;
        }
      }
      auto envelope = boost::json::parse(event.envelope);
      if (envelope.at("data").at("userId").as_string() == user_id) {
        events.push_back(std::move(event));
      }
    }
    return events;
  }

  // Until the wall clock is past `ms`, so that a session begun now is newer.
  void wait_past(std::int64_t ms) {
    run(io_, [&]() -> asio::awaitable<void> {
      asio::steady_timer timer(io_);
      auto deadline = std::chrono::steady_clock::now() + 5s;
      while (now_ms() <= ms && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(1ms);
        co_await timer.async_wait(asio::use_awaitable);
      }
    }());
    ASSERT_GT(now_ms(), ms);
  }

  bool live(const std::string& token) { return run(io_, sessions_.find(token)).has_value(); }

  const std::string stream_ = "test:auth:password-reset:" + core::new_uuid();
  asio::io_context io_;
  core::pg::Pool db_{io_, database()};
  core::redis::Client redis_{io_, {.url = Servers::get().redis_url()}};
  core::Metrics metrics_;
  core::outbox::Relay relay_{
      io_, db_, redis_, {.service = "auth-test", .stream = stream_}, metrics_};
  UserStore users_{db_};
  SessionStore sessions_{redis_, SessionPolicy{}};
  EmailTokenStore tokens_{db_};
  AccountSync sync_{users_, sessions_};
};

TEST_F(PasswordResetTest, SessionsLeftByAStopAfterTheCommitEndWhenItsEventsAreConsumed) {
  User user = run(io_, users_.create({.email = "ada-" + core::random_token(6) + "@example.org",
                                      .display_name = "Ada L.",
                                      .password_hash = "old-hash"}));
  auto impostor = run(io_, sessions_.create(user, "203.0.113.9", "impostor"));
  auto earlier = run(io_, sessions_.create(user, "198.51.100.7", "owner, before"));
  auto token = run(io_, tokens_.issue(user.id, user.email, TokenPurpose::kResetPassword, 3600s));

  // The reset commits; auth stops before it ends any session.
  ASSERT_TRUE(run(io_, users_.reset_password(token, "new-hash")));
  ASSERT_TRUE(live(impostor.token));

  auto events = relayed_events_of(user.id);
  ASSERT_FALSE(events.empty());
  std::int64_t occurred = 0;
  for (const auto& event : events) {
    auto at = boost::json::parse(event.envelope).at("occurredAt").as_string();
    auto parsed = core::parse_time(at);
    ASSERT_TRUE(parsed) << at;
    occurred = std::max<std::int64_t>(
        occurred,
        std::chrono::duration_cast<std::chrono::milliseconds>(parsed->time_since_epoch()).count());
  }
  // The owner signs in with the new password before the events are consumed.
  wait_past(occurred);
  auto after = run(io_, sessions_.create(user, "198.51.100.7", "owner, after"));

  for (const auto& event : events) {
    run(io_, sync_.handle(event));
  }
  EXPECT_FALSE(live(impostor.token)) << "the impostor's session outlived the reset";
  EXPECT_FALSE(live(earlier.token));
  auto kept = run(io_, sessions_.find(after.token));
  ASSERT_TRUE(kept) << "the session begun after the reset was ended";
  EXPECT_TRUE(kept->email_verified);

  // A repeated delivery spares it too.
  for (const auto& event : events) {
    run(io_, sync_.handle(event));
  }
  EXPECT_TRUE(live(after.token));
}

}  // namespace
}  // namespace classroom::auth
