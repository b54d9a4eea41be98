// Live notifications (services/notify/live/) through the real notify App on
// a real server and a real Redis: what a connected browser sees.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/redis/redis.hpp"
#include "core/service/service.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "core/tests/http_test_support.hpp"
#include "services/notify/app.hpp"
#include "services/notify/live/hub.hpp"
#include "services/notify/stores/inbox_store.hpp"

namespace classroom::notify {
namespace {

using namespace core::http::tests;
using classroom::testing::Servers;

constexpr std::string_view kUnreadEvent = "event: unread-count\ndata: ";

std::string notification_event(const std::string& id) {
  return "id: " + id + "\nevent: notification\ndata: {\"id\":\"" + id +
         "\",\"title\":\"news\",\"readAt\":null}";
}

// The test's own way into Redis: what the consumer and the read handlers do.
class Inbox {
 public:
  Inbox() : redis_(io_, core::redis::Settings{.url = Servers::get().redis_url()}) {}

  // A new item for `user`, as the consumer writes it; returns its id.
  std::string deliver(const std::string& user) {
    const std::string id = core::new_uuid();
    inbox_store::Delivery delivery{inbox_store::done_key(id, 0),
                                   id,
                                   R"({"id":")" + id + R"(","title":"news"})",
                                   {inbox_store::Recipient{user}},
                                   std::nullopt};
    classroom::testing::run(io_, inbox_store::deliver(redis_, delivery));
    return id;
  }
  void mark_read(const std::string& user, const std::string& id) {
    classroom::testing::run(io_, inbox_store::mark_read(redis_, user, id, "2030-01-01T00:00:00Z"));
  }
  void command(std::vector<std::string> args) {
    classroom::testing::run(io_, redis_.command(std::move(args)));
  }

 private:
  boost::asio::io_context io_;
  core::redis::Client redis_;
};

ClientRequest stream_request(const std::string& user, const std::string& last_event_id = {}) {
  ClientRequest out = get("/notifications/stream");
  if (!user.empty()) {
    sign_as(out, test_user(user));
  }
  if (!last_event_id.empty()) {
    out.set("Last-Event-ID", last_event_id);
  }
  return out;
}

// An open event stream, read event by event.
class Stream {
 public:
  Stream(std::uint16_t port, const std::string& user, const std::string& last_event_id = {})
      : reader_(port, stream_request(user, last_event_id)) {}
  unsigned status() const { return reader_.header().result_int(); }

  // The next event past heartbeats; "" once the stream has ended, and
  // "(nothing)" when only heartbeats came for kStepTimeout.
  std::string next() {
    const auto deadline = std::chrono::steady_clock::now() + kStepTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string block = reader_.next_block();
      if (!block.starts_with(':')) {
        return block;
      }
    }
    return "(nothing)";
  }
  // The next notification, past unread counts.
  std::string next_notification() {
    std::string event;
    do {
      event = next();
    } while (event.starts_with(kUnreadEvent));  // next() bounds the wait
    return event;
  }

 private:
  StreamReader reader_;
};

class LiveNotifications : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.http = live_settings(std::chrono::seconds(5), 64);
    config_.live_max_age = max_age_;
    config_.redis.url = Servers::get().redis_url();
    // Asked only for exam events' students, which these tests never publish.
    config_.api.base_url = api_.url();
    server_.start([this](boost::asio::io_context& io, std::size_t index) {
      workers_.push_back(std::make_unique<core::Worker>(core::Worker{io, index, metrics_}));
      return make_app(*workers_.back(), config_);
    });
    running_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  void TearDown() override {
    server_.stop();
    EXPECT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready);
  }

  std::uint16_t port() const { return server_.port(); }

  // Whether /metrics comes to hold `line` within kStepTimeout.
  bool metrics_show(const std::string& line) {
    const auto deadline = std::chrono::steady_clock::now() + kStepTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (metrics_.render().find(line) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  std::chrono::milliseconds max_age_ = std::chrono::minutes(15);
  Refusing api_;
  Config config_;
  core::Metrics metrics_;
  std::vector<std::unique_ptr<core::Worker>> workers_;
  core::http::Server server_{live_settings(std::chrono::seconds(5), 64), metrics_};
  std::future<void> running_;
  Inbox inbox_;
  const std::string user_ = core::new_uuid();
};

TEST_F(LiveNotifications, ANewItemArrivesOnTheOpenStream) {
  Stream stream(port(), user_);
  ASSERT_EQ(stream.status(), 200U);
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":0})");

  const std::string id = inbox_.deliver(user_);
  EXPECT_EQ(stream.next(), notification_event(id));
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":1})")
      << "the count the item changed follows it";
}

TEST_F(LiveNotifications, LastEventIdResendsWhatCameAfterItOnceAndInOrder) {
  const std::string seen = inbox_.deliver(user_);
  const std::string missed_first = inbox_.deliver(user_);
  const std::string missed_second = inbox_.deliver(user_);

  Stream stream(port(), user_, seen);
  EXPECT_EQ(stream.next(), notification_event(missed_first));
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":3})");
  EXPECT_EQ(stream.next(), notification_event(missed_second));
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":3})");
  const std::string live = inbox_.deliver(user_);
  // Past the count again when the hub subscribed while the stream resumed
  // (every connection then resumes once more).
  EXPECT_EQ(stream.next_notification(), notification_event(live));
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":4})");
}

TEST_F(LiveNotifications, AnIdNoLongerInTheInboxResendsEverythingRetained) {
  const std::string first = inbox_.deliver(user_);
  const std::string second = inbox_.deliver(user_);

  Stream stream(port(), user_, core::new_uuid());
  EXPECT_EQ(stream.next_notification(), notification_event(first));
  EXPECT_EQ(stream.next_notification(), notification_event(second));
}

TEST_F(LiveNotifications, ReadingElsewhereChangesTheUnreadCount) {
  const std::string id = inbox_.deliver(user_);
  Stream stream(port(), user_);
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":1})");

  inbox_.mark_read(user_, id);
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":0})");
}

TEST_F(LiveNotifications, OnlyTheRecipientHearsOfAnItem) {
  const std::string other = core::new_uuid();
  Stream stream(port(), user_);
  stream.next();

  inbox_.deliver(other);
  const std::string mine = inbox_.deliver(user_);
  EXPECT_EQ(stream.next(), notification_event(mine));
}

TEST_F(LiveNotifications, AMalformedLastEventIdIsRefused) {
  Client client(port());
  expect_problem(client.send(stream_request(user_, "not-an-id")), 400,
                 "/problems/malformed-request");
}

TEST_F(LiveNotifications, AnonymousCallersAreRefused) {
  Client client(port());
  expect_problem(client.send(stream_request("")), 401, "/problems/unauthenticated");
  ClientRequest upgrade = get("/notifications/ws");
  upgrade.set(bhttp::field::connection, "Upgrade");
  upgrade.set(bhttp::field::upgrade, "websocket");
  upgrade.set(bhttp::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  upgrade.set(bhttp::field::sec_websocket_version, "13");
  Client ws(port());
  expect_problem(ws.send(upgrade), 401, "/problems/unauthenticated");
}

TEST_F(LiveNotifications, AConnectionTheClientEndsLeavesTheRegistry) {
  auto stream = std::make_unique<Stream>(port(), user_);
  stream->next();
  EXPECT_TRUE(metrics_show("notify_live_connections_opened_total{transport=\"sse\"} 1"));
  stream.reset();
  EXPECT_TRUE(metrics_show("notify_live_connections_closed_total{transport=\"sse\"} 1"));
}

TEST_F(LiveNotifications, ADeactivatedUsersStreamEnds) {
  Stream stream(port(), user_);
  stream.next();
  inbox_.command({"PUBLISH", std::string(inbox_store::kLiveChannel),
                  R"({"kind":"close","userId":")" + user_ + R"("})"});
  EXPECT_EQ(stream.next(), "");
}

// Pub/sub drops what is published while the subscriber is away; the stream
// gets it from the inbox once the subscriber is back, once each.
TEST_F(LiveNotifications, ItemsPublishedWhileTheSubscriberWasAwayStillArrive) {
  Stream stream(port(), user_);
  stream.next();

  // The subscriber reconnects after 100 ms at the earliest: these three are
  // published to nobody.
  inbox_.command({"CLIENT", "KILL", "TYPE", "pubsub"});
  std::vector<std::string> sent;
  for (int i = 0; i < 3; ++i) {
    sent.push_back(inbox_.deliver(user_));
  }
  for (const auto& id : sent) {
    EXPECT_EQ(stream.next_notification(), notification_event(id));
  }
  const std::string after = inbox_.deliver(user_);
  EXPECT_EQ(stream.next_notification(), notification_event(after));
}

// Connections end after CLASSROOM_NOTIFY_LIVE_MAX_AGE, so that the gateway
// checks the session again when the client reconnects.
class ShortLivedConnections : public LiveNotifications {
 protected:
  static constexpr std::chrono::milliseconds kMaxAge{400};
  ShortLivedConnections() { max_age_ = kMaxAge; }
};

TEST_F(ShortLivedConnections, AStreamEndsAndItsReconnectionMissesNothing) {
  const std::string seen = inbox_.deliver(user_);
  const std::string missed = inbox_.deliver(user_);

  const auto opened = std::chrono::steady_clock::now();
  Stream stream(port(), user_, seen);
  EXPECT_EQ(stream.next_notification(), notification_event(missed));
  EXPECT_EQ(stream.next_notification(), "") << "the stream ends";
  EXPECT_GE(std::chrono::steady_clock::now() - opened, kMaxAge * 9 / 10) << "not before its age";

  const std::string meanwhile = inbox_.deliver(user_);
  Stream again(port(), user_, missed);
  EXPECT_EQ(again.next(), notification_event(meanwhile));
  EXPECT_EQ(again.next(), std::string(kUnreadEvent) + R"({"count":3})");
}

// The Hub on a thread of the test's own: a connection whose resume is held
// between reading its backlog and sending it, while the user reads an item
// and gets new ones.
class RecordingConnection final : public live::Connection {
 public:
  using Connection::Connection;
  void send_item(std::string_view item_id, std::string_view, std::int64_t unread) override {
    items.emplace_back(item_id);
    counts.push_back(unread);
  }
  void send_unread(std::int64_t count) override { counts.push_back(count); }
  void close() override { closed = true; }
  std::string_view transport() const override { return "test"; }

  std::vector<std::string> items;
  std::vector<std::int64_t> counts;
  bool closed = false;
};

// Polls `done` on the running io_context until it holds; throws after kStepTimeout.
boost::asio::awaitable<void> until(std::function<bool()> done) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + kStepTimeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the condition never held");
    }
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

TEST(HubResume, AReadAndNewItemsWhileResumingLeaveTheNewestCount) {
  boost::asio::io_context io;
  core::Metrics metrics;
  const core::redis::Settings settings{.url = Servers::get().redis_url()};
  core::redis::Client redis(io, settings);
  live::Hub hub(io, settings, redis, metrics, 16);
  Inbox inbox;
  const std::string user = core::new_uuid();
  const std::string first = inbox.deliver(user);

  // Hears what the hub dispatches for the user, never resuming after its first.
  RecordingConnection watcher(user, 0);
  RecordingConnection resuming(user, 0);
  auto watching = hub.attach(watcher);
  hub.start();

  std::string second;
  std::string third;
  auto scenario = [&]() -> boost::asio::awaitable<void> {
    co_await until([&] { return !watcher.counts.empty(); });  // subscribed
    bool held = false;
    hub.after_backlog_read([&]() -> boost::asio::awaitable<void> {
      if (std::exchange(held, true)) {
        co_return;
      }
      inbox.mark_read(user, first);
      second = inbox.deliver(user);
      third = inbox.deliver(user);
      co_await until([&] { return !watcher.items.empty() && watcher.items.back() == third; });
    });
    auto registration = hub.attach(resuming);
    co_await hub.resume(resuming);
  };
  classroom::testing::run(io, scenario());
  hub.stop();

  EXPECT_EQ(resuming.items, (std::vector<std::string>{first, second, third}));
  ASSERT_FALSE(resuming.counts.empty());
  EXPECT_EQ(resuming.counts.back(), 2) << "second and third are unread";
  EXPECT_TRUE(std::is_sorted(resuming.counts.begin(), resuming.counts.end()))
      << "no count older than one sent before it";
  EXPECT_FALSE(resuming.closed);
}

}  // namespace
}  // namespace classroom::notify
