#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <latch>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/log_capture.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core::outbox {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::Servers;

using testing::run;
constexpr std::string_view kDatabase = "outbox_test";

constexpr pg::Query kCountUnsent{"test_outbox_count_unsent",
                                 "SELECT count(*) FROM outbox WHERE sent_at IS NULL"};
// What a relay that crashed after XADD but before its UPDATE leaves behind.
constexpr pg::Query kForgetSent{"test_outbox_forget_sent", "UPDATE outbox SET sent_at = NULL"};
// A relay that has read its batch and now waits for Redis: its transaction is
// open and the last statement it ran is the batch's SELECT.
constexpr pg::Query kRelayWaitingOnRedis{
    "test_outbox_relay_waiting",
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND state = 'idle in transaction' AND query LIKE '%WHERE sent_at IS NULL ORDER BY seq%'"};

// The outbox table exactly as services create it: core's own migration.
std::string outbox_ddl() {
  for (const pg::Migration& migration : pg::core_migrations()) {
    if (migration.name == "0001_outbox") {
      return std::string(migration.sql);
    }
  }
  throw std::runtime_error("core has no 0001_outbox migration");
}

pg::PoolSettings pool_settings() {
  return pg::PoolSettings{.url = Servers::get().pg_url(kDatabase), .size = 4};
}

redis::Settings redis_settings() { return redis::Settings{.url = Servers::get().redis_url()}; }

RelaySettings relay_settings(std::string stream, int batch = 200) {
  return RelaySettings{.service = "outbox-test", .stream = std::move(stream), .batch = batch};
}

Event numbered_event(int n) {
  return Event{.type = "test.numbered", .data_json = json::serialize(json::object{{"n", n}})};
}

std::vector<Event> numbered_events(int count, int first = 0) {
  std::vector<Event> events;
  for (int n = first; n < first + count; ++n) {
    events.push_back(numbered_event(n));
  }
  return events;
}

// Enqueues `events` in one committed transaction; returns their ids in order.
asio::awaitable<std::vector<std::string>> enqueue_committed(pg::Pool& pool,
                                                            std::vector<Event> events) {
  std::vector<std::string> ids;
  ids.reserve(events.size());
  auto tx = co_await pool.begin();
  for (const Event& event : events) {
    ids.push_back(co_await enqueue(tx, event));
  }
  co_await tx.commit();
  co_return ids;
}

struct StreamEntry {
  std::vector<std::pair<std::string, std::string>> fields;
  json::object event;  // the `event` field, parsed
};

asio::awaitable<std::vector<StreamEntry>> read_stream(redis::Client& redis, std::string stream) {
  std::vector<StreamEntry> entries;
  auto reply = co_await redis("XRANGE", stream, "-", "+");
  for (const auto& entry : reply.elements()) {
    StreamEntry read{.fields = entry.elements().at(1).as_pairs()};
    for (const auto& [name, value] : read.fields) {
      if (name == "event") {
        read.event = json::parse(value).as_object();
      }
    }
    entries.push_back(std::move(read));
  }
  co_return entries;
}

std::vector<std::string> event_ids(const std::vector<StreamEntry>& entries) {
  std::vector<std::string> ids;
  for (const auto& entry : entries) {
    const auto* id = entry.event.if_contains("id");
    ids.push_back(id != nullptr && id->is_string() ? std::string(id->as_string()) : "?");
  }
  return ids;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::set<std::string> keys_of(const json::object& object) {
  std::set<std::string> keys;
  for (const auto& member : object) {
    keys.emplace(member.key());
  }
  return keys;
}

// What one relay_once call ended with.
struct Attempt {
  int appended = 0;
  std::optional<Error> error;
};

asio::awaitable<Attempt> attempt(Relay& relay) {
  try {
    co_return Attempt{.appended = co_await relay.relay_once()};
  } catch (const Error& error) {
    co_return Attempt{.error = error};
  }
}

// Relays until the outbox holds nothing unsent; returns how many this relay appended.
asio::awaitable<int> relay_until_drained(Relay& relay, pg::Pool& pool) {
  int appended = 0;
  while ((co_await pool.query(kCountUnsent)).get<std::int64_t>(0, 0) > 0) {
    appended += co_await relay.relay_once();
  }
  co_return appended;
}

// Waits on the coroutine's io_context until `done()` holds; false after 30 s.
template <class Condition>
asio::awaitable<bool> eventually(Condition done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      co_return false;
    }
    timer.expires_after(10ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return true;
}

// The log lines of the relay's task whose message is `message` (standard
// error also holds the test servers' own lines, which are not JSON).
std::vector<json::object> relay_lines(const std::string& log, std::string_view message) {
  std::vector<json::object> found;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with('{')) {
      continue;
    }
    auto object = json::parse(line).as_object();
    const auto* task = object.if_contains("task");
    if (object.at("msg").as_string() == message && task != nullptr && *task == "outbox relay") {
      found.push_back(std::move(object));
    }
  }
  return found;
}

class OutboxRelay : public ::testing::Test {
 protected:
  void SetUp() override {
    run(io_, pool_.execute_script("DROP TABLE IF EXISTS outbox;\n" + outbox_ddl()));
    run(io_, redis_("DEL", stream_));
  }

  std::int64_t unsent() { return run(io_, pool_.query(kCountUnsent)).get<std::int64_t>(0, 0); }
  std::vector<StreamEntry> stream_entries() { return run(io_, read_stream(redis_, stream_)); }
  std::vector<std::string> enqueue_committed(std::vector<Event> events) {
    return run(io_, outbox::enqueue_committed(pool_, std::move(events)));
  }

  // Each test has a stream of its own, so no test sees another's entries.
  const std::string stream_ =
      std::string("test:outbox:") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  asio::io_context io_;
  pg::Pool pool_{io_, pool_settings()};
  redis::Client redis_{io_, redis_settings()};
  Metrics metrics_;
  Relay relay_{io_, pool_, redis_, relay_settings(stream_), metrics_};
};

TEST_F(OutboxRelay, CommittedEventsAreAppendedInOutboxOrderWithTheirEnvelope) {
  const std::string actor = new_uuid();
  const std::string course = new_uuid();
  const std::vector<Event> events{
      {.type = "course.member_added",
       .actor_id = actor,
       .course_id = course,
       .data_json = R"({"userId":"u-1","role":"student"})"},
      {.type = "user.registered", .actor_id = actor, .data_json = R"({"email":"ada@example.com"})"},
      {.type = "system.tick", .data_json = R"({"n":3,"nested":{"list":[1,2]}})"},
  };
  const auto ids = enqueue_committed(events);

  EXPECT_EQ(run(io_, relay_.relay_once()), 3);

  const auto entries = stream_entries();
  ASSERT_EQ(entries.size(), events.size());
  const std::regex utc_millis(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  for (std::size_t i = 0; i < events.size(); ++i) {
    SCOPED_TRACE("event " + std::to_string(i));
    const auto& entry = entries[i];
    ASSERT_EQ(entry.fields.size(), 3U);
    EXPECT_EQ(entry.fields[0], std::make_pair(std::string("id"), ids[i]));
    EXPECT_EQ(entry.fields[1], std::make_pair(std::string("type"), events[i].type));
    EXPECT_EQ(entry.fields[2].first, "event");

    const json::object& event = entry.event;
    std::set<std::string> expected_keys{"id", "type", "occurredAt", "actorId", "data"};
    if (events[i].course_id) {
      expected_keys.insert("courseId");
    }
    EXPECT_EQ(keys_of(event), expected_keys);
    EXPECT_EQ(event.at("id"), json::value(ids[i]));
    EXPECT_EQ(event.at("type"), json::value(events[i].type));
    ASSERT_TRUE(event.at("occurredAt").is_string());
    EXPECT_TRUE(std::regex_match(std::string(event.at("occurredAt").as_string()), utc_millis))
        << event.at("occurredAt");
    EXPECT_EQ(event.at("actorId"),
              events[i].actor_id ? json::value(*events[i].actor_id) : json::value(nullptr));
    if (events[i].course_id) {
      EXPECT_EQ(event.at("courseId"), json::value(*events[i].course_id));
    }
    EXPECT_EQ(event.at("data"), json::parse(events[i].data_json));
  }
  EXPECT_EQ(unsent(), 0);
  EXPECT_EQ(run(io_, relay_.relay_once()), 0) << "nothing is left to relay";
  EXPECT_EQ(stream_entries().size(), events.size());
}

TEST_F(OutboxRelay, EventOfARolledBackTransactionIsNeverAppended) {
  run(io_, [&]() -> asio::awaitable<void> {
    auto tx = co_await pool_.begin();
    co_await enqueue(tx, numbered_event(0));
    co_await tx.rollback();
  }());
  const auto committed = enqueue_committed({numbered_event(1)});

  EXPECT_EQ(run(io_, relay_.relay_once()), 1);
  EXPECT_EQ(run(io_, relay_.relay_once()), 0);

  EXPECT_EQ(event_ids(stream_entries()), committed);
}

TEST_F(OutboxRelay, EventsEnqueuedWhileRedisIsDownAreAppendedExactlyOnceWhenItIsBack) {
  constexpr int kEvents = 50;
  std::vector<std::string> ids;
  {
    testing::Outage outage("redis");
    ids = enqueue_committed(numbered_events(kEvents));
    // The first attempt may meet the old connection, the second a refused one.
    for (int i = 0; i < 2; ++i) {
      SCOPED_TRACE("attempt " + std::to_string(i));
      Attempt failed = run(io_, attempt(relay_));
      EXPECT_EQ(failed.appended, 0);
      if (failed.error) {
        EXPECT_EQ(failed.error->code(), ErrorCode::kUnavailable) << failed.error->what();
      }
    }
    EXPECT_EQ(unsent(), kEvents) << "nothing is marked sent while Redis is down";
  }

  EXPECT_EQ(run(io_, relay_.relay_once()), kEvents);

  EXPECT_EQ(event_ids(stream_entries()), ids);
  EXPECT_EQ(unsent(), 0);
}

TEST_F(OutboxRelay, ARedisOutageIsLoggedWhenItBeginsAndWhenItEndsHoweverManyWritesNudgeIt) {
  constexpr int kWrites = 20;
  constexpr std::string_view kFailing = "periodic task failing; retrying with back-off";
  constexpr std::string_view kRecovered = "periodic task recovered";
  testing::LogCapture capture;
  auto settings = relay_settings(stream_);
  settings.idle_poll = 20ms;
  Relay relay{io_, pool_, redis_, settings, metrics_};
  testing::Outage outage("redis");
  const auto began = std::chrono::steady_clock::now();
  relay.start();
  run(io_, [&]() -> asio::awaitable<void> {
    // Writes while Redis is down, each nudging the relay as a service does;
    // the first makes the relay meet the outage.
    asio::steady_timer pace(co_await asio::this_coro::executor);
    for (int i = 0; i < kWrites; ++i) {
      std::vector<Event> write{numbered_event(i)};
      co_await outbox::enqueue_committed(pool_, std::move(write));
      relay.nudge();
      if (i == 0) {
        EXPECT_TRUE(
            co_await eventually([&] { return !relay_lines(capture.text(), kFailing).empty(); }));
      }
      pace.expires_after(10ms);
      co_await pace.async_wait(asio::use_awaitable);
    }
    outage.end();
    EXPECT_TRUE(
        co_await eventually([&] { return !relay_lines(capture.text(), kRecovered).empty(); }));
  }());
  const double outage_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  relay.stop();
  run(io_, relay.stopped());

  const std::string log = capture.text();
  const auto failing = relay_lines(log, kFailing);
  const auto recovered = relay_lines(log, kRecovered);
  ASSERT_EQ(failing.size(), 1U) << log;
  ASSERT_EQ(recovered.size(), 1U) << log;
  EXPECT_EQ(failing[0].at("level"), "warn");
  EXPECT_TRUE(failing[0].at("error").as_string().starts_with("redis unavailable")) << log;
  // It backed off: fewer attempts than writes nudged it, but more than one.
  const auto attempts = recovered[0].at("failedAttempts").as_int64();
  EXPECT_GE(attempts, 2);
  EXPECT_LT(attempts, kWrites) << "a nudge per write cut the back-off short";
  const double seconds = recovered[0].at("outageSeconds").to_number<double>();
  EXPECT_GT(seconds, 0.1);
  EXPECT_LE(seconds, outage_seconds);
  EXPECT_EQ(unsent(), 0) << "every event written during the outage was relayed after it";
}

TEST_F(OutboxRelay, BatchSentAgainAfterACrashBeforeItWasMarkedIsNotAppendedTwice) {
  const auto first = enqueue_committed(numbered_events(5));
  EXPECT_EQ(run(io_, relay_.relay_once()), 5);

  // The relay crashed between its XADDs and the UPDATE marking them sent, and
  // new events arrived meanwhile: the next batch holds both.
  run(io_, pool_.query(kForgetSent));
  const auto second = enqueue_committed(numbered_events(2, 5));
  EXPECT_EQ(unsent(), 7);

  EXPECT_EQ(run(io_, relay_.relay_once()), 2) << "only the new events are appended";

  EXPECT_EQ(event_ids(stream_entries()), concat(first, second));
  EXPECT_EQ(unsent(), 0);
}

TEST_F(OutboxRelay, TwoRelaysOfOneDatabaseAppendEachEventOnceAndInOrder) {
  constexpr int kEvents = 200;
  const auto ids = enqueue_committed(numbered_events(kEvents));

  // Two instances of a service, each with its own io_context, thread, pool
  // and Redis connection. Small batches let them take turns.
  std::latch both_ready(2);
  auto relay_instance = [&] {
    asio::io_context io;
    pg::Pool pool(io, pool_settings());
    redis::Client redis(io, redis_settings());
    Relay relay(io, pool, redis, relay_settings(stream_, 10), metrics_);
    both_ready.arrive_and_wait();
    return run(io, relay_until_drained(relay, pool));
  };
  auto first = std::async(std::launch::async, relay_instance);
  auto second = std::async(std::launch::async, relay_instance);
  const int appended = first.get() + second.get();

  EXPECT_EQ(appended, kEvents);
  EXPECT_EQ(event_ids(stream_entries()), ids);
  EXPECT_EQ(unsent(), 0);
}

TEST_F(OutboxRelay, EventCommittedWhileABatchIsInFlightIsStillAppended) {
  redis::Client control(io_, redis_settings());
  std::vector<std::string> late;
  std::optional<pg::Transaction> slow_writer;
  run(io_, [&]() -> asio::awaitable<void> {
    // A writer takes the lower sequence number but commits last.
    slow_writer.emplace(co_await pool_.begin());
    late.push_back(co_await enqueue(*slow_writer, numbered_event(0)));
  }());
  const auto early = enqueue_committed({numbered_event(1)});

  // Scripts wait while Redis pauses writes, which holds the relay between the
  // SELECT of its batch and the UPDATE that marks it sent. The writer commits
  // in that window.
  run(io_, control("CLIENT", "PAUSE", "5000", "WRITE"));
  auto commit_while_relay_waits = [&]() -> asio::awaitable<void> {
    asio::steady_timer poll(co_await asio::this_coro::executor);
    while ((co_await pool_.query(kRelayWaitingOnRedis)).get<std::int64_t>(0, 0) == 0) {
      poll.expires_after(5ms);
      co_await poll.async_wait(asio::use_awaitable);
    }
    co_await slow_writer->commit();
    co_await control("CLIENT", "UNPAUSE");
  };
  const int appended = run(io_, [&]() -> asio::awaitable<int> {
    using namespace asio::experimental::awaitable_operators;
    co_return co_await (relay_.relay_once() && commit_while_relay_waits());
  }());
  EXPECT_EQ(appended, 1);

  // The next round (the relay's loop would run it) finds the late event.
  EXPECT_EQ(run(io_, relay_.relay_once()), 1);

  EXPECT_EQ(event_ids(stream_entries()), concat(early, late));
  EXPECT_EQ(unsent(), 0);
}

}  // namespace
}  // namespace classroom::core::outbox
