#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/events/consumer.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core::events {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::Servers;

using testing::run;

redis::Settings redis_settings() { return redis::Settings{.url = Servers::get().redis_url()}; }

// An entry as the outbox relay appends it.
struct Added {
  std::string stream_id;
  std::string id;
  std::string type;
  std::string envelope;
};

asio::awaitable<Added> add_event(redis::Client& redis, std::string stream, std::string type) {
  Added added{.id = new_uuid(), .type = std::move(type)};
  json::object envelope{{"id", added.id},
                        {"type", added.type},
                        {"occurredAt", "2025-01-01T00:00:00.000Z"},
                        {"actorId", nullptr},
                        {"data", json::object{{"n", 1}}}};
  added.envelope = json::serialize(envelope);
  redis::Reply reply = co_await redis("XADD", stream, "*", "id", added.id, "type", added.type,
                                      "event", added.envelope);
  added.stream_id = reply.str();
  co_return added;
}

// The Error a round ends with, or nullopt when it succeeds.
asio::awaitable<std::optional<Error>> error_of(Consumer& consumer) {
  try {
    co_await consumer.consume_once();
  } catch (const Error& error) {
    co_return error;
  }
  co_return std::nullopt;
}

// What a handler was given, in order.
class Recorder {
 public:
  Handler handler() {
    return [this](const Event& event) -> asio::awaitable<void> {
      record(event);
      co_return;
    };
  }
  void record(const Event& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }
  std::vector<Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> ids;
    for (const auto& event : events()) {
      ids.push_back(event.id);
    }
    return ids;
  }
  std::size_t count(const std::string& id) const {
    auto all = ids();
    return static_cast<std::size_t>(std::count(all.begin(), all.end(), id));
  }
  // For handlers on another thread: waits until `id` was seen, at most `within`.
  bool wait_for(const std::string& id, std::chrono::milliseconds within) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within, [&] {
      return std::any_of(events_.begin(), events_.end(),
                         [&](const Event& event) { return event.id == id; });
    });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Event> events_;
};

// Does CLIENT LIST show a connection blocked in XREADGROUP?
bool lists_blocked_read(const std::string& client_list) {
  std::istringstream lines(client_list);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(" flags=b ") != std::string::npos &&
        line.find(" cmd=xreadgroup ") != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> ids_of(const std::vector<Added>& added) {
  std::vector<std::string> ids;
  ids.reserve(added.size());
  for (const auto& entry : added) {
    ids.push_back(entry.id);
  }
  return ids;
}

class EventsConsumer : public ::testing::Test {
 protected:
  void SetUp() override {
    run(io_, redis_("DEL", stream_, dead_letter_stream(stream_, "g"),
                    dead_letter_stream(stream_, "api"), dead_letter_stream(stream_, "notify")));
  }

  // Quick rounds: a round with nothing new waits `block` for it.
  ConsumerSettings settings(std::string group = "g") const {
    return ConsumerSettings{
        .stream = stream_, .group = std::move(group), .consumer = "c1", .block = 50ms};
  }

  Added add(std::string type = "course.member_added") {
    return run(io_, add_event(redis_, stream_, std::move(type)));
  }
  std::vector<Added> add_several(int count) {
    std::vector<Added> added;
    added.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      added.push_back(add());
    }
    return added;
  }

  int consume(Consumer& consumer) { return run(io_, consumer.consume_once()); }

  // Rounds until `done()` or a deadline, with no sleeping in between: each
  // round that finds nothing waits up to `block` for new entries.
  template <class Done>
  void consume_until(Consumer& consumer, Done done, std::chrono::seconds within = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      consume(consumer);
    }
  }

  // Runs a started consumer until its loop ends; its handler records each
  // event, then calls `stop_it` with the consumer.
  void run_stopped_by_its_handler(std::function<void(Consumer&)> stop_it) {
    std::optional<Consumer> consumer;
    Handler handler = [&](const Event& event) -> asio::awaitable<void> {
      seen_.record(event);
      stop_it(*consumer);
      co_return;
    };
    consumer.emplace(io_, redis_settings(), settings(), handler, metrics_);
    consumer->start();
    redis_.close();  // the fixture's client: only the consumer's keeps io_ busy

    io_.restart();
    io_.run_for(20s);
  }

  // Entries delivered to some consumer of `group` and not acknowledged.
  std::int64_t pending(const std::string& group = "g") {
    redis::Reply summary = run(io_, redis_("XPENDING", stream_, group));
    return summary.elements().at(0).integer();
  }

  std::vector<std::map<std::string, std::string>> dead_letters(const std::string& group = "g") {
    redis::Reply range = run(io_, redis_("XRANGE", dead_letter_stream(stream_, group), "-", "+"));
    std::vector<std::map<std::string, std::string>> entries;
    for (const auto& entry : range.elements()) {
      auto fields = entry.elements().at(1).as_pairs();
      entries.emplace_back(fields.begin(), fields.end());
    }
    return entries;
  }

  std::string metric(std::string_view name, std::string_view group = "g") const {
    std::string prefix = std::string(name) + "{group=\"" + std::string(group) + "\"} ";
    std::string text = metrics_.render();
    auto at = text.find(prefix);
    if (at == std::string::npos) {
      return "absent";
    }
    auto end = text.find('\n', at);
    return text.substr(at + prefix.size(), end - at - prefix.size());
  }

  // Creates the group and lets a consumer named "dead" read everything new
  // without ever acknowledging it, as a consumer that crashed would.
  std::vector<std::string> read_by_crashed_consumer() {
    run(io_, redis_("XGROUP", "CREATE", stream_, "g", "0", "MKSTREAM"));
    redis::Reply read =
        run(io_, redis_("XREADGROUP", "GROUP", "g", "dead", "COUNT", 100, "STREAMS", stream_, ">"));
    std::vector<std::string> stream_ids;
    for (const auto& entry : read.elements().at(0).elements().at(1).elements()) {
      stream_ids.push_back(entry.elements().at(0).str());
    }
    return stream_ids;
  }

  // Each test has a stream of its own, so no test sees another's entries.
  const std::string stream_ =
      std::string("test:events:") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  asio::io_context io_;
  redis::Client redis_{io_, redis_settings()};
  Metrics metrics_;
  Recorder seen_;
};

TEST_F(EventsConsumer, EachEventReachesTheHandlerOnceWithItsEnvelopeAndIsAcknowledged) {
  const std::vector<Added> added{add("course.member_added"), add("coursework.published"),
                                 add("submission.returned")};
  Consumer consumer(io_, redis_settings(), settings(), seen_.handler(), metrics_);

  EXPECT_EQ(consume(consumer), 3);

  const auto events = seen_.events();
  ASSERT_EQ(events.size(), added.size());
  for (std::size_t i = 0; i < added.size(); ++i) {
    SCOPED_TRACE("event " + std::to_string(i));
    EXPECT_EQ(events[i].stream_id, added[i].stream_id);
    EXPECT_EQ(events[i].id, added[i].id);
    EXPECT_EQ(events[i].type, added[i].type);
    EXPECT_EQ(events[i].envelope, added[i].envelope);
    EXPECT_EQ(json::parse(events[i].envelope).at("id"), json::value(added[i].id));
  }
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(consume(consumer), 0) << "nothing is delivered twice";
  EXPECT_EQ(seen_.events().size(), added.size());
  EXPECT_EQ(metric("events_handled_total"), "3");
  EXPECT_EQ(metric("events_handler_failures_total"), "0");
}

TEST_F(EventsConsumer, TypeFilterLetsOnlyChosenTypesThroughAndStillAcknowledgesTheOthers) {
  const Added member = add("course.member_added");
  const Added result = add("exam.result_released");
  const Added published = add("coursework.published");
  const Added another_result = add("exam.result_released");
  auto only_results = settings();
  only_results.types = {"exam.result_released"};
  Consumer consumer(io_, redis_settings(), only_results, seen_.handler(), metrics_);

  EXPECT_EQ(consume(consumer), 2);

  EXPECT_EQ(seen_.ids(), (std::vector<std::string>{result.id, another_result.id}));
  EXPECT_EQ(pending(), 0) << "skipped types are acknowledged too";
  EXPECT_EQ(consume(consumer), 0);
  EXPECT_EQ(seen_.events().size(), 2U);
}

TEST_F(EventsConsumer, HandlerThatFailsGetsTheEventAgainOnALaterRoundAndItIsThenAcknowledged) {
  const Added added = add();
  int calls = 0;
  Handler fails_first = [&](const Event& event) -> asio::awaitable<void> {
    seen_.record(event);
    if (++calls == 1) {
      throw std::runtime_error("database busy");
    }
    co_return;
  };
  Consumer consumer(io_, redis_settings(), settings(), fails_first, metrics_);

  EXPECT_EQ(consume(consumer), 1);
  EXPECT_EQ(pending(), 1) << "a failed event stays pending";
  EXPECT_EQ(metric("events_handler_failures_total"), "1");
  EXPECT_EQ(metric("events_handled_total"), "0");

  EXPECT_EQ(consume(consumer), 1);

  const auto events = seen_.events();
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[1].id, added.id);
  EXPECT_EQ(events[1].stream_id, added.stream_id);
  EXPECT_EQ(events[1].envelope, added.envelope);
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(metric("events_handled_total"), "1");
  EXPECT_EQ(consume(consumer), 0);
  EXPECT_EQ(calls, 2);
}

TEST_F(EventsConsumer, EntryLeftPendingByACrashedConsumerIsReclaimedAfterReclaimAfter) {
  constexpr auto kReclaimAfter = 300ms;
  const Added added = add();
  const auto crashed_at = std::chrono::steady_clock::now();
  ASSERT_EQ(read_by_crashed_consumer(), std::vector<std::string>{added.stream_id});
  std::optional<std::chrono::steady_clock::time_point> handled_at;
  Handler timed = [&](const Event& event) -> asio::awaitable<void> {
    handled_at = std::chrono::steady_clock::now();
    seen_.record(event);
    co_return;
  };
  auto reclaiming = settings();
  reclaiming.reclaim_after = kReclaimAfter;
  Consumer consumer(io_, redis_settings(), reclaiming, timed, metrics_);

  consume_until(consumer, [&] { return handled_at.has_value(); });

  ASSERT_TRUE(handled_at) << "never reclaimed";
  // Redis counts idle time in whole milliseconds of its own clock.
  EXPECT_GE(*handled_at - crashed_at, kReclaimAfter - 2ms) << "reclaimed too early";
  EXPECT_EQ(seen_.ids(), std::vector<std::string>{added.id});
  EXPECT_EQ(pending(), 0) << "acknowledged once handled, pending on no consumer";
}

TEST_F(EventsConsumer, PoisonEntryEndsInTheDeadLetterStreamAfterMaxDeliveriesAndIsAcknowledged) {
  const Added poison = add("exam.result_released");
  int calls = 0;
  Handler always_fails = [&](const Event&) -> asio::awaitable<void> {
    ++calls;
    throw std::runtime_error("cannot grade");
    co_return;
  };
  auto three_tries = settings();
  three_tries.max_deliveries = 3;
  Consumer consumer(io_, redis_settings(), three_tries, always_fails, metrics_);

  for (int round = 0; round < 10 && dead_letters().empty(); ++round) {
    consume(consumer);
  }

  EXPECT_EQ(calls, 3);
  const auto dead = dead_letters();
  ASSERT_EQ(dead.size(), 1U);
  EXPECT_EQ(dead[0].at("id"), poison.id);
  EXPECT_EQ(dead[0].at("type"), poison.type);
  EXPECT_EQ(dead[0].at("event"), poison.envelope);
  EXPECT_EQ(dead[0].at("entry_id"), poison.stream_id);
  EXPECT_EQ(dead[0].at("group"), "g");
  EXPECT_EQ(dead[0].at("deliveries"), "3");
  EXPECT_EQ(dead[0].at("error"), "cannot grade");
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(metric("events_handler_failures_total"), "3");
  EXPECT_EQ(metric("events_dead_lettered_total"), "1");
  EXPECT_EQ(consume(consumer), 0) << "a dead letter is not delivered again";
  EXPECT_EQ(calls, 3);
}

TEST_F(EventsConsumer, EntryThatCrashedItsConsumersMaxDeliveriesTimesIsDeadLetteredUnhandled) {
  const Added added = add();
  const auto stream_ids = read_by_crashed_consumer();
  ASSERT_EQ(stream_ids.size(), 1U);
  // Delivered three times, to consumers that each died before acknowledging it.
  run(io_, redis_("XCLAIM", stream_, "g", "dead", 0, added.stream_id, "IDLE", 3'600'000,
                  "RETRYCOUNT", 3, "JUSTID"));
  auto three_tries = settings();
  three_tries.max_deliveries = 3;
  Consumer consumer(io_, redis_settings(), three_tries, seen_.handler(), metrics_);

  EXPECT_EQ(consume(consumer), 0);

  EXPECT_TRUE(seen_.events().empty());
  const auto dead = dead_letters();
  ASSERT_EQ(dead.size(), 1U);
  EXPECT_EQ(dead[0].at("id"), added.id);
  EXPECT_EQ(dead[0].at("event"), added.envelope);
  EXPECT_EQ(dead[0].at("deliveries"), "3");
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, EntryThatIsNotAnEventGoesToTheDeadLettersWithoutReachingTheHandler) {
  run(io_, redis_("XADD", stream_, "*", "hello", "world"));
  const Added event = add();
  Consumer consumer(io_, redis_settings(), settings(), seen_.handler(), metrics_);

  EXPECT_EQ(consume(consumer), 1);

  EXPECT_EQ(seen_.ids(), std::vector<std::string>{event.id});
  const auto dead = dead_letters();
  ASSERT_EQ(dead.size(), 1U);
  EXPECT_EQ(dead[0].at("hello"), "world");
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, EveryGroupSeesEveryEvent) {
  const auto added = add_several(3);
  Recorder api_seen;
  Recorder notify_seen;
  Consumer api(io_, redis_settings(), settings("api"), api_seen.handler(), metrics_);
  Consumer notify(io_, redis_settings(), settings("notify"), notify_seen.handler(), metrics_);

  EXPECT_EQ(consume(api), 3);
  EXPECT_EQ(consume(notify), 3);

  EXPECT_EQ(api_seen.ids(), ids_of(added));
  EXPECT_EQ(notify_seen.ids(), ids_of(added));
  EXPECT_EQ(pending("api"), 0);
  EXPECT_EQ(pending("notify"), 0);
  EXPECT_EQ(metric("events_handled_total", "api"), "3");
  EXPECT_EQ(metric("events_handled_total", "notify"), "3");
}

TEST_F(EventsConsumer, InstancesOfOneGroupShareItsEvents) {
  const auto added = add_several(6);
  auto first_settings = settings();
  first_settings.batch = 3;
  auto second_settings = first_settings;
  second_settings.consumer = "c2";
  Recorder second_seen;
  Consumer first(io_, redis_settings(), first_settings, seen_.handler(), metrics_);
  Consumer second(io_, redis_settings(), second_settings, second_seen.handler(), metrics_);

  EXPECT_EQ(consume(first), 3);
  EXPECT_EQ(consume(second), 3);

  auto all = seen_.ids();
  const auto other = second_seen.ids();
  all.insert(all.end(), other.begin(), other.end());
  EXPECT_EQ(all, ids_of(added)) << "each event once, to one instance";
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, GroupStartingAtDollarSkipsHistory) {
  add_several(2);
  auto only_new = settings();
  only_new.start_from = "$";
  Consumer consumer(io_, redis_settings(), only_new, seen_.handler(), metrics_);

  EXPECT_EQ(consume(consumer), 0);
  const Added fresh = add();
  EXPECT_EQ(consume(consumer), 1);

  EXPECT_EQ(seen_.ids(), std::vector<std::string>{fresh.id});
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, GroupThatDisappearedIsCreatedAgainAndReadFromTheStart) {
  auto only_new = settings();
  only_new.start_from = "$";
  Consumer consumer(io_, redis_settings(), only_new, seen_.handler(), metrics_);
  EXPECT_EQ(consume(consumer), 0);
  // The stream goes, and its groups with it (deleted, or Redis lost its data);
  // events are appended to a new stream meanwhile.
  run(io_, redis_("DEL", stream_));
  const auto added = add_several(2);

  EXPECT_EQ(consume(consumer), 2);

  EXPECT_EQ(seen_.ids(), ids_of(added));
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, ConsumeOnceFailsUnavailableWhileRedisIsDownAndNothingIsLostAfterwards) {
  Consumer consumer(io_, redis_settings(), settings(), seen_.handler(), metrics_);
  std::vector<Added> added{add()};
  EXPECT_EQ(consume(consumer), 1);
  added.push_back(add());
  added.push_back(add());
  {
    testing::Outage outage("redis");
    // The first round may meet the old connection, the second a refused one.
    for (int i = 0; i < 2; ++i) {
      SCOPED_TRACE("round " + std::to_string(i));
      auto error = run(io_, error_of(consumer));
      ASSERT_TRUE(error) << "a round without Redis succeeded";
      EXPECT_EQ(error->code(), ErrorCode::kUnavailable) << error->what();
    }
  }
  redis_.close();  // its connection went with the old server
  added.push_back(add("submission.returned"));

  consume_until(consumer, [&] { return seen_.events().size() >= added.size(); });

  EXPECT_EQ(seen_.ids(), ids_of(added)) << "every event once, in order";
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, HandledEventWhoseAcknowledgementWasLostIsDeliveredAgain) {
  const Added added = add();
  std::optional<testing::Outage> outage;
  Handler stops_redis = [&](const Event& event) -> asio::awaitable<void> {
    seen_.record(event);
    if (!outage) {
      outage.emplace("redis");  // Redis goes away between the handler's commit and XACK
    }
    co_return;
  };
  Consumer consumer(io_, redis_settings(), settings(), stops_redis, metrics_);

  auto error = run(io_, error_of(consumer));
  ASSERT_TRUE(error) << "the acknowledgement cannot have succeeded";
  EXPECT_EQ(error->code(), ErrorCode::kUnavailable) << error->what();
  ASSERT_TRUE(outage);
  outage->end();
  redis_.close();  // its connection went with the old server

  consume_until(consumer, [&] { return seen_.count(added.id) >= 2; });

  EXPECT_EQ(seen_.ids(), (std::vector<std::string>{added.id, added.id}))
      << "delivered again, being delivered at least once";
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, StopCancelsTheBlockingReadAndEndsTheLoop) {
  const auto added = add_several(2);
  auto slow_block = settings();
  slow_block.block = 30s;
  Consumer consumer(io_, redis_settings(), slow_block, seen_.handler(), metrics_);
  consumer.start();

  // Once both events are handled and the consumer waits in its blocking read
  // (Redis lists it as blocked), stop it.
  bool saw_blocked_read = false;
  auto stop_when_blocked = [&]() -> asio::awaitable<void> {
    asio::steady_timer poll(co_await asio::this_coro::executor);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      redis::Reply clients = co_await redis_("CLIENT", "LIST");
      if (seen_.events().size() == added.size() && lists_blocked_read(clients.str())) {
        saw_blocked_read = true;
        break;
      }
      poll.expires_after(5ms);
      co_await poll.async_wait(asio::use_awaitable);
    }
    consumer.stop();
    redis_.close();
  };
  asio::co_spawn(io_, stop_when_blocked(), asio::detached);
  const auto started = std::chrono::steady_clock::now();
  io_.restart();
  io_.run_for(25s);

  EXPECT_TRUE(saw_blocked_read);
  EXPECT_TRUE(io_.stopped()) << "the loop and its connection should have ended";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
  EXPECT_EQ(seen_.ids(), ids_of(added));
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, HandlerThatStopsTheConsumerHasItsEventAcknowledged) {
  const auto added = add_several(3);
  run_stopped_by_its_handler([](Consumer& consumer) { consumer.stop(); });

  EXPECT_TRUE(io_.stopped()) << "the loop and its connection should have ended";
  EXPECT_EQ(seen_.ids(), std::vector<std::string>{added[0].id});
  EXPECT_EQ(pending(), 2) << "the first is acknowledged, the rest of the batch stays pending";
}

TEST_F(EventsConsumer, StopQueuedWhileAHandlerRunsStillLetsItsEventBeAcknowledged) {
  // stop() from another thread reaches the consumer's io_context as a queued
  // call; queued during the handler, it runs before the acknowledgement is
  // sent, and must not close the connection under it.
  const auto added = add_several(1);
  run_stopped_by_its_handler(
      [&](Consumer& consumer) { asio::post(io_, [&consumer] { consumer.stop(); }); });

  EXPECT_TRUE(io_.stopped()) << "the loop and its connection should have ended";
  EXPECT_EQ(seen_.ids(), std::vector<std::string>{added[0].id});
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, LoopBacksOffWhileRedisIsDownAndCarriesOnWhenItIsBack) {
  // The consumer's io_context runs on a thread of its own, as in a service.
  asio::io_context consumer_io;
  Consumer consumer(consumer_io, redis_settings(), settings(), seen_.handler(), metrics_);
  consumer.start();
  auto running = std::async(std::launch::async, [&] { consumer_io.run(); });

  const Added before = add();
  EXPECT_TRUE(seen_.wait_for(before.id, 10s));
  {
    testing::Outage outage("redis");
    // The loop meets the outage, warns and backs off (see the log).
  }
  redis_.close();  // its connection went with the old server
  const Added after = add("exam.result_released");
  EXPECT_TRUE(seen_.wait_for(after.id, 20s));

  consumer.stop();  // from another thread than the consumer's
  if (running.wait_for(10s) != std::future_status::ready) {
    consumer_io.stop();
    running.wait();
    ADD_FAILURE() << "the loop did not end after stop()";
  }
  EXPECT_EQ(seen_.ids(), (std::vector<std::string>{before.id, after.id}));
  EXPECT_EQ(pending(), 0);
}

TEST_F(EventsConsumer, SettingsWithoutAGroupAreRejected) {
  auto no_group = settings();
  no_group.group.clear();
  try {
    Consumer consumer(io_, redis_settings(), no_group, seen_.handler(), metrics_);
    ADD_FAILURE() << "accepted a consumer without a group";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(error.fields().size(), 1U);
    EXPECT_EQ(error.fields()[0].field, "group");
  }
}

}  // namespace
}  // namespace classroom::core::events
