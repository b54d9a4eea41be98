#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/system/system_error.hpp>
#include <functional>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core::redis {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::Servers;

using testing::run;

Settings settings() { return Settings{.url = Servers::get().redis_url()}; }

// Publishes `payload` until the subscriber receives it or `within` passes:
// pub/sub drops what is published while a subscriber is reconnecting, so
// one publication proves nothing either way.
asio::awaitable<std::optional<Subscriber::Message>> publish_until_received(
    Client& publisher, Subscriber& subscriber, std::string channel, std::string payload,
    std::chrono::seconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      co_await publisher("PUBLISH", channel, payload);
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kUnavailable) << error.what();
    }
    if (auto message = co_await subscriber.next(100ms)) {
      co_return message;
    }
  }
  co_return std::nullopt;
}

TEST(RedisSubscriber, ReceivesMessagesPublishedByAClient) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Subscriber subscriber(ioc, settings());
    Client publisher(ioc, settings());
    const std::vector<std::string> channels{"test:news", "test:other"};
    co_await subscriber.subscribe(channels);

    EXPECT_EQ((co_await publisher("PUBLISH", "test:news", "first")).integer(), 1);
    EXPECT_EQ((co_await publisher("PUBLISH", "test:other", "second")).integer(), 1);
    co_await publisher("PUBLISH", "test:not-subscribed", "ignored");

    auto first = co_await subscriber.next();
    EXPECT_EQ(first.channel, "test:news");
    EXPECT_EQ(first.payload, "first");
    auto second = co_await subscriber.next();
    EXPECT_EQ(second.channel, "test:other");
    EXPECT_EQ(second.payload, "second");
    EXPECT_EQ(co_await subscriber.next(200ms), std::nullopt);
  });
}

TEST(RedisSubscriber, SubscribingLaterAddsChannels) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Subscriber subscriber(ioc, settings());
    Client publisher(ioc, settings());
    const std::vector<std::string> early{"test:early"};
    const std::vector<std::string> more{"test:late", "test:early"};
    co_await subscriber.subscribe(early);
    co_await subscriber.subscribe(more);

    EXPECT_EQ((co_await publisher("PUBLISH", "test:late", "hello")).integer(), 1);
    auto message = co_await subscriber.next(5s);
    EXPECT_TRUE(message && message->channel == "test:late" && message->payload == "hello");
  });
}

TEST(RedisSubscriber, ResubscribesAfterRedisRestarts) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Subscriber subscriber(ioc, settings());
    Client publisher(ioc, settings());
    const std::vector<std::string> channels{"test:restart"};
    co_await subscriber.subscribe(channels);
    auto before =
        co_await publish_until_received(publisher, subscriber, "test:restart", "before", 5s);
    EXPECT_TRUE(before && before->payload == "before");

    Servers::get().stop("redis");
    Servers::get().start("redis");

    auto after =
        co_await publish_until_received(publisher, subscriber, "test:restart", "after", 20s);
    EXPECT_TRUE(after) << "no message received after the restart";
    if (after) {
      EXPECT_EQ(after->channel, "test:restart");
      EXPECT_EQ(after->payload, "after");
    }
  });
}

// What on_subscribed promises: once it is called after a reconnection, one
// publication is enough, so a caller may read what it missed right there.
TEST(RedisSubscriber, ReportsEverySubscriptionSoNothingAfterItIsMissed) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Subscriber subscriber(ioc, settings());
    Client publisher(ioc, settings());
    int subscribed = 0;
    subscriber.on_subscribed([&] { ++subscribed; });
    const std::vector<std::string> channels{"test:reported", "test:also-reported"};
    co_await subscriber.subscribe(channels);
    EXPECT_EQ(subscribed, 1);
    const std::vector<std::string> same{"test:reported"};
    co_await subscriber.subscribe(same);
    EXPECT_EQ(subscribed, 1) << "no new connection: nothing to report";

    Servers::get().stop("redis");
    Servers::get().start("redis");
    asio::steady_timer poll(ioc);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (subscribed == 1 && std::chrono::steady_clock::now() < deadline) {
      poll.expires_after(20ms);
      co_await poll.async_wait(asio::use_awaitable);
    }
    EXPECT_EQ(subscribed, 2) << "the reconnection was not reported";

    // The publisher's own connection was lost too: its first command may fail.
    std::optional<Reply> published;
    for (int attempt = 0; attempt < 3 && !published; ++attempt) {
      try {
        published = co_await publisher("PUBLISH", "test:also-reported", "after");
      } catch (const Error& error) {
        EXPECT_EQ(error.code(), ErrorCode::kUnavailable) << error.what();
      }
    }
    EXPECT_TRUE(published && published->integer() == 1);
    auto after = co_await subscriber.next(5s);
    EXPECT_TRUE(after && after->payload == "after");
  });
}

TEST(RedisSubscriber, CloseEndsAWaitingNext) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    Subscriber subscriber(ioc, settings());
    const std::vector<std::string> channels{"test:quiet"};
    co_await subscriber.subscribe(channels);
    auto close = [&]() -> asio::awaitable<void> {
      subscriber.close();
      co_return;
    };
    auto waiting = [&]() -> asio::awaitable<bool> {
      try {
        co_await subscriber.next();
      } catch (const boost::system::system_error& error) {
        co_return error.code() == asio::error::operation_aborted;
      }
      co_return false;
    };
    EXPECT_TRUE(co_await (waiting() && close()));
  });
}

}  // namespace
}  // namespace classroom::core::redis
