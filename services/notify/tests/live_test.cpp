// Live notifications (services/notify/live/) through the real notify App on
// a real server and a real Redis: what a connected browser sees.
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/redis/redis.hpp"
#include "core/service/service.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "core/tests/http_test_support.hpp"
#include "services/notify/app.hpp"
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
    out.set("X-Auth-User", user);
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
      : client_(port) {
    client_.write(stream_request(user, last_event_id));
    status_ = client_.read_header().result_int();
  }
  unsigned status() const { return status_; }

  // The next event past heartbeats; "" once the stream has ended, and
  // "(nothing)" when only heartbeats came for kStepTimeout.
  std::string next() {
    const auto deadline = std::chrono::steady_clock::now() + kStepTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::size_t end;
      while ((end = pending_.find("\n\n")) == std::string::npos) {
        std::string more = client_.read_some_body();
        if (more.empty()) {
          return {};
        }
        pending_ += more;
      }
      std::string block = pending_.substr(0, end);
      pending_.erase(0, end + 2);
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
  Client client_;
  unsigned status_ = 0;
  std::string pending_;
};

class LiveNotifications : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.http = live_settings(std::chrono::seconds(5), 64);
    config_.redis.url = Servers::get().redis_url();
    // Asked only for exam events' students, which these tests never publish.
    config_.api.base_url = "http://127.0.0.1:9";
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
}

TEST_F(LiveNotifications, LastEventIdResendsWhatCameAfterItOnceAndInOrder) {
  const std::string seen = inbox_.deliver(user_);
  const std::string missed_first = inbox_.deliver(user_);
  const std::string missed_second = inbox_.deliver(user_);

  Stream stream(port(), user_, seen);
  EXPECT_EQ(stream.next(), notification_event(missed_first));
  EXPECT_EQ(stream.next(), notification_event(missed_second));
  EXPECT_EQ(stream.next(), std::string(kUnreadEvent) + R"({"count":3})");
  const std::string live = inbox_.deliver(user_);
  EXPECT_EQ(stream.next(), notification_event(live));
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

}  // namespace
}  // namespace classroom::notify
