// The inbox and preferences in a real Redis: deliveries, their idempotency,
// trimming, order, unread counts, reading, e-mail jobs and live messages.
#include "services/notify/stores/inbox_store.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "services/notify/stores/preferences_store.hpp"

namespace classroom::notify {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using core::redis::Client;
using testing::run;

core::redis::Settings settings() {
  return core::redis::Settings{.url = testing::Servers::get().redis_url()};
}

std::string item(const std::string& id) {
  return json::serialize(json::object{{"id", id},
                                      {"type", "announcement.posted"},
                                      {"title", "t"},
                                      {"body", "b"},
                                      {"courseId", nullptr},
                                      {"link", "/"},
                                      {"actorId", nullptr},
                                      {"createdAt", "x"}});
}

inbox_store::Delivery delivery(const std::string& event_id, std::vector<std::string> users,
                               EmailMode mode = EmailMode::kOff) {
  inbox_store::Delivery d{inbox_store::done_key(event_id, 0), event_id, item(event_id), {}, {}};
  for (auto& u : users) {
    d.recipients.push_back({std::move(u), mode});
  }
  return d;
}

// Delivers `n` new events to `user`; returns their ids, oldest first.
asio::awaitable<std::vector<std::string>> deliver_many(Client& redis, const std::string& user,
                                                       int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    ids.push_back(core::new_uuid());
    auto d = delivery(ids.back(), {user});
    co_await inbox_store::deliver(redis, d);
  }
  co_return ids;
}

std::vector<std::string> ids_of(const std::vector<inbox_store::StoredItem>& items) {
  std::vector<std::string> ids;
  for (const auto& i : items) {
    ids.push_back(i.id);
  }
  return ids;
}

TEST(InboxStore, ADeliveryAppliedTwiceLeavesOneItemPerRecipient) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto ada = core::new_uuid(), bob = core::new_uuid(), event = core::new_uuid();
    auto d = delivery(event, {ada, bob});
    EXPECT_TRUE(co_await inbox_store::deliver(redis, d));
    EXPECT_FALSE(co_await inbox_store::deliver(redis, d));
    for (const auto& user : {ada, bob}) {
      auto items = co_await inbox_store::page(redis, user, false, std::nullopt, 10);
      EXPECT_EQ(ids_of(items), std::vector{event});
      if (items.empty()) {
        co_return;
      }
      EXPECT_EQ(json::parse(items[0].json).at("readAt"), nullptr);
      EXPECT_EQ(co_await inbox_store::unread_count(redis, user), 1);
    }
    // Even once the done key is gone (after 7 days), an item is never doubled.
    co_await redis("DEL", d.done_key);
    EXPECT_TRUE(co_await inbox_store::deliver(redis, d));
    EXPECT_EQ(co_await inbox_store::unread_count(redis, ada), 1);
  });
}

TEST(InboxStore, ItemsComeNewestFirstInPagesAndOldestFirstAfterASeq) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto user = core::new_uuid();
    auto ids = co_await deliver_many(redis, user, 5);
    auto first = co_await inbox_store::page(redis, user, false, std::nullopt, 3);
    EXPECT_EQ(ids_of(first), (std::vector{ids[4], ids[3], ids[2]}));
    auto rest = co_await inbox_store::page(redis, user, false, first.back().seq, 3);
    EXPECT_EQ(ids_of(rest), (std::vector{ids[1], ids[0]}));
    auto seq = co_await inbox_store::seq_of(redis, user, ids[1]);
    auto after = co_await inbox_store::after(redis, user, seq.value_or(0), 10);
    EXPECT_EQ(ids_of(after), (std::vector{ids[2], ids[3], ids[4]}));
    EXPECT_FALSE(co_await inbox_store::seq_of(redis, user, core::new_uuid()));
  });
}

TEST(InboxStore, TheInboxKeepsTheLatestThousandItems) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto user = core::new_uuid();
    auto ids = co_await deliver_many(redis, user, inbox_store::kInboxLimit + 3);
    EXPECT_EQ(co_await inbox_store::unread_count(redis, user), inbox_store::kInboxLimit);
    for (int i = 0; i < 3; ++i) {
      EXPECT_FALSE(co_await inbox_store::seq_of(redis, user, ids[i]));
    }
    EXPECT_TRUE(co_await inbox_store::seq_of(redis, user, ids[3]));
    auto items = co_await redis("HLEN", "notify:item:" + user);
    EXPECT_EQ(items.integer(), inbox_store::kInboxLimit);
    auto oldest = co_await inbox_store::page(redis, user, false, std::nullopt, 200);
    EXPECT_EQ(oldest.front().id, ids.back());
  });
}

TEST(InboxStore, ReadingOneOrAllChangesTheUnreadCountOnce) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto user = core::new_uuid(), other = core::new_uuid();
    auto ids = co_await deliver_many(redis, user, 3);
    EXPECT_TRUE(co_await inbox_store::mark_read(redis, user, ids[0], "2026-11-24T20:00:00.000Z"));
    EXPECT_TRUE(co_await inbox_store::mark_read(redis, user, ids[0], "2026-11-24T21:00:00.000Z"));
    EXPECT_FALSE(co_await inbox_store::mark_read(redis, other, ids[1], "2026-11-24T21:00:00.000Z"));
    EXPECT_EQ(co_await inbox_store::unread_count(redis, user), 2);
    auto unread = co_await inbox_store::page(redis, user, true, std::nullopt, 10);
    EXPECT_EQ(ids_of(unread), (std::vector{ids[2], ids[1]}));
    auto all = co_await inbox_store::page(redis, user, false, std::nullopt, 10);
    EXPECT_EQ(json::parse(all.back().json).at("readAt"), "2026-11-24T20:00:00.000Z");
    EXPECT_EQ(co_await inbox_store::mark_all_read(redis, user, "2026-11-24T22:00:00.000Z"), 2);
    EXPECT_EQ(co_await inbox_store::unread_count(redis, user), 0);
    EXPECT_EQ(co_await inbox_store::mark_all_read(redis, user, "2026-11-24T23:00:00.000Z"), 0);
    all = co_await inbox_store::page(redis, user, false, std::nullopt, 10);
    EXPECT_EQ(json::parse(all.front().json).at("readAt"), "2026-11-24T22:00:00.000Z");
  });
}

TEST(InboxStore, EmailJobsFollowEachRecipientsFrequency) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto now = core::new_uuid(), daily = core::new_uuid(), never = core::new_uuid();
    auto event = core::new_uuid();
    auto d = delivery(event, {});
    d.recipients = {
        {now, EmailMode::kImmediate}, {daily, EmailMode::kDaily}, {never, EmailMode::kOff}};
    d.email = "\"new@example.org\"";
    co_await inbox_store::deliver(redis, d);
    auto queue = co_await redis("LRANGE", "notify:mail:queue", 0, -1);
    std::vector<json::value> jobs;
    for (const auto& job : queue.elements()) {
      auto parsed = json::parse(job.str());
      if (parsed.at("item").at("id") == json::value(event)) {
        jobs.push_back(parsed);
      }
    }
    EXPECT_EQ(jobs.size(), 2u);
    if (jobs.size() != 2) {
      co_return;
    }
    EXPECT_EQ(jobs[0].at("userId"), json::value(now));
    EXPECT_EQ(jobs[1].at("userId"), nullptr);
    EXPECT_EQ(jobs[1].at("email"), "new@example.org");
    auto digest = co_await redis("LRANGE", "notify:digest:" + daily, 0, -1);
    EXPECT_EQ(digest.elements().size(), 1u);
    for (const auto& job : digest.elements()) {
      EXPECT_EQ(json::parse(job.str()).at("userId"), json::value(daily));
    }
    EXPECT_EQ((co_await redis("SISMEMBER", "notify:digest:users", daily)).integer(), 1);
    EXPECT_EQ((co_await redis("EXISTS", "notify:digest:" + never)).integer(), 0);
  });
}

TEST(InboxStore, DeliveriesAndReadsArePublishedForLiveConnections) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    core::redis::Subscriber live(io, settings());
    std::vector<std::string> channels = {inbox_store::kLiveChannel};  // named first (GCC 12)
    co_await live.subscribe(channels);
    auto ada = core::new_uuid(), bob = core::new_uuid(), event = core::new_uuid();
    auto d = delivery(event, {ada, bob});
    co_await inbox_store::deliver(redis, d);
    auto message = json::parse((co_await live.next(5000ms)).value().payload);
    EXPECT_EQ(message.at("kind"), "item");
    EXPECT_EQ(message.at("item").at("id"), json::value(event));
    EXPECT_EQ(message.at("item").at("readAt"), nullptr);
    EXPECT_EQ(message.at("to"), json::parse("[[\"" + ada + "\",1,1],[\"" + bob + "\",1,1]]"));
    co_await inbox_store::mark_read(redis, ada, event, "2026-11-24T20:00:00.000Z");
    message = json::parse((co_await live.next(5000ms)).value().payload);
    EXPECT_EQ(message, json::parse("{\"kind\":\"unread\",\"userId\":\"" + ada + "\",\"count\":0}"));
    live.close();
  });
}

TEST(PreferencesStore, AReplaceNamingAnOlderVersionChangesNothing) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto user = core::new_uuid();
    EXPECT_EQ((co_await preferences_store::read(redis, user)).version, 0);
    Preferences p;
    p.muted_types = {"comment.posted"};
    EXPECT_EQ(co_await preferences_store::replace(redis, user, 0, p), 1);
    p.muted_types = {"exam.closed"};
    EXPECT_EQ(co_await preferences_store::replace(redis, user, 0, p), std::nullopt);
    auto stored = co_await preferences_store::read(redis, user);
    EXPECT_EQ(stored.version, 1);
    EXPECT_EQ(stored.muted_types, std::vector<std::string>{"comment.posted"});
    EXPECT_EQ(co_await preferences_store::replace(redis, user, std::nullopt, p), 2);
    std::vector<std::string> users = {core::new_uuid(), user};  // named first (GCC 12)
    auto many = co_await preferences_store::read_many(redis, users);
    EXPECT_EQ(many[0].version, 0);
    EXPECT_EQ(many[1].muted_types, std::vector<std::string>{"exam.closed"});
  });
}

}  // namespace
}  // namespace classroom::notify
