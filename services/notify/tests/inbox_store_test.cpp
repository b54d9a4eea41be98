// The inbox and preferences in a real Redis: deliveries, their idempotency
// (also after a crash halfway), trimming, order, unread counts, reading,
// e-mail jobs, live messages, every key of a user in the user's slot, and
// what notify knows of people.
#include "services/notify/stores/inbox_store.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "services/notify/stores/keys.hpp"
#include "services/notify/stores/preferences_store.hpp"
#include "services/notify/stores/user_store.hpp"

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
    auto items = co_await redis("HLEN", keys::of(user, "item"));
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

// The jobs in `list`, parsed.
asio::awaitable<std::vector<json::value>> jobs_in(Client& redis, const std::string& list) {
  auto reply = co_await redis("LRANGE", list, 0, -1);
  std::vector<json::value> jobs;
  for (const auto& job : reply.elements()) {
    jobs.push_back(json::parse(job.str()));
  }
  co_return jobs;
}

asio::awaitable<bool> is_member(Client& redis, const char* set, const std::string& user) {
  auto reply = co_await redis("SISMEMBER", set, user);
  co_return reply.integer() == 1;
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
    auto immediate = co_await jobs_in(redis, keys::of(now, "mail"));
    EXPECT_EQ(immediate.size(), 1u);
    for (const auto& job : immediate) {
      EXPECT_EQ(job.at("userId"), json::value(now));
      EXPECT_EQ(job.at("item").at("id"), json::value(event));
    }
    const auto owner = inbox_store::address_owner(event);
    auto invitation = co_await jobs_in(redis, keys::of(owner, "mail"));
    EXPECT_EQ(invitation.size(), 1u);
    for (const auto& job : invitation) {
      EXPECT_EQ(job.at("userId"), nullptr);
      EXPECT_EQ(job.at("email"), "new@example.org");
    }
    auto digest = co_await jobs_in(redis, keys::of(daily, "digest"));
    EXPECT_EQ(digest.size(), 1u);
    for (const auto& job : digest) {
      EXPECT_EQ(job.at("userId"), json::value(daily));
    }
    EXPECT_TRUE(co_await is_member(redis, keys::kMailUsers, now));
    EXPECT_TRUE(co_await is_member(redis, keys::kMailUsers, owner));
    EXPECT_TRUE(co_await is_member(redis, keys::kDigestUsers, daily));
    EXPECT_FALSE(co_await is_member(redis, keys::kMailUsers, daily));
    EXPECT_FALSE(co_await is_member(redis, keys::kMailUsers, never));
    EXPECT_FALSE(co_await is_member(redis, keys::kDigestUsers, never));
    EXPECT_EQ(
        (co_await redis("EXISTS", keys::of(never, "mail"), keys::of(never, "digest"))).integer(),
        0);
  });
}

// A delivery stopped after some recipients' scripts (before the sets and the
// done key): the event comes again and completes it without doubling anything.
TEST(InboxStore, ARedeliveryAfterACrashCompletesWhatWasLeft) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto ada = core::new_uuid(), bob = core::new_uuid(), event = core::new_uuid();
    auto first = delivery(event, {ada}, EmailMode::kImmediate);
    co_await inbox_store::deliver(redis, first);
    co_await redis("DEL", first.done_key);
    co_await redis("SREM", keys::kMailUsers, ada);
    auto again = delivery(event, {ada, bob}, EmailMode::kImmediate);
    EXPECT_TRUE(co_await inbox_store::deliver(redis, again));
    for (const auto& user : {ada, bob}) {
      EXPECT_EQ(co_await inbox_store::seq_of(redis, user, event), 1);
      EXPECT_EQ(co_await inbox_store::unread_count(redis, user), 1);
      EXPECT_EQ((co_await jobs_in(redis, keys::of(user, "mail"))).size(), 1u);
      EXPECT_TRUE(co_await is_member(redis, keys::kMailUsers, user));
    }
    EXPECT_FALSE(co_await inbox_store::deliver(redis, again));
  });
}

// What keeps notify shardable with Redis Cluster: every key that names a
// user carries the user's id as its hash tag, so all of them are in the
// user's slot and each script touches one slot.
TEST(InboxStore, EveryKeyOfAUserIsInTheUsersSlot) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto user = core::new_uuid(), event = core::new_uuid();
    co_await user_store::record(redis, user, "ada@example.org", "Ada");
    co_await preferences_store::replace(redis, user, std::nullopt, Preferences{});
    auto d = delivery(event, {user}, EmailMode::kImmediate);
    d.recipients.push_back({core::new_uuid(), EmailMode::kDaily});
    co_await inbox_store::deliver(redis, d);
    co_await inbox_store::mark_read(redis, user, event, "2026-11-24T20:00:00.000Z");
    auto found = co_await redis("KEYS", "*" + user + "*");
    EXPECT_GE(found.elements().size(), 7u);  // seq inbox item read mail user prefs
    for (const auto& k : found.elements()) {
      EXPECT_EQ(k.str().rfind("notify:{" + user + "}:", 0), 0u) << k.str();
    }
  });
}

TEST(UserStore, OnlyAUserWhoProvedAnAddressHasAVerifiedOneAndNothingElseOverwritesIt) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    auto proved = core::new_uuid(), registered = core::new_uuid();
    co_await user_store::record(redis, registered, "eve@example.org", "Eve");
    co_await user_store::record(redis, proved, "ada@example.org", "Ada");
    co_await user_store::record_verified(redis, proved, "ada@example.org");
    // api's answer about someone is recorded again later: the proof stays.
    co_await user_store::record(redis, proved, "ada@example.org", "Ada L.");
    const std::vector<std::string> both = {proved, registered};  // named first (GCC 12)
    auto verified = co_await user_store::verified_emails(redis, both);
    EXPECT_EQ(verified, (VerifiedEmails{{proved, "ada@example.org"}}));
    auto names = co_await user_store::display_names(redis, both);
    EXPECT_EQ(names, (DisplayNames{{proved, "Ada L."}, {registered, "Eve"}}));
  });
}

TEST(InboxStore, EachRecipientsDeliveryIsPublishedForLiveConnections) {
  run([](asio::io_context& io) -> asio::awaitable<void> {
    Client redis(io, settings());
    core::redis::Subscriber live(io, settings());
    std::vector<std::string> channels = {inbox_store::kLiveChannel};  // named first (GCC 12)
    co_await live.subscribe(channels);
    auto ada = core::new_uuid(), bob = core::new_uuid(), event = core::new_uuid();
    auto d = delivery(event, {ada, bob});
    co_await inbox_store::deliver(redis, d);
    for (const auto& user : {ada, bob}) {
      auto message = json::parse((co_await live.next(5000ms)).value().payload);
      EXPECT_EQ(message.at("kind"), "item");
      EXPECT_EQ(message.at("item").at("id"), json::value(event));
      EXPECT_EQ(message.at("item").at("readAt"), nullptr);
      EXPECT_EQ(message.at("to"), json::parse("[[\"" + user + "\",1,1]]"));
    }
    co_await inbox_store::mark_read(redis, ada, event, "2026-11-24T20:00:00.000Z");
    auto message = json::parse((co_await live.next(5000ms)).value().payload);
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
