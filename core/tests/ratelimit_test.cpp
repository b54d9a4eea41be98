#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/ratelimit/limiter.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core::ratelimit {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::run;
using testing::Servers;

redis::Settings settings() { return redis::Settings{.url = Servers::get().redis_url()}; }

// A key no other test (or earlier run of this one) has counted on.
std::string fresh() { return random_token(9); }

asio::awaitable<std::int64_t> counted(redis::Client& redis, const Counter& counter) {
  auto n = (co_await redis("HGET", counter.redis_key(), "n")).as_optional_string();
  co_return n ? std::stoll(*n) : 0;
}

// Polls (every 20 ms, up to 10 s) until an event on `counters` would not wait.
asio::awaitable<void> wait_until_free(Limiter& limiter, std::vector<Counter> counters) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (co_await limiter.wait(counters)) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the counter never let an event through");
    }
    timer.expires_after(20ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

TEST(RateLimiter, FixedWindowLetsTheLimitThroughThenWaitsForTheWindowWithoutCounting) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{.name = "test-fixed", .limit = 3, .window = 60s};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(co_await limiter.try_take(one), std::nullopt) << "event " << i;
    }
    auto wait = co_await limiter.try_take(one);
    if (!(wait)) {
      ADD_FAILURE() << "the event after the limit was let through";
      co_return;
    }
    EXPECT_GT(*wait, 55s);
    EXPECT_LE(*wait, 60s);
    EXPECT_EQ(co_await counted(redis, counter), 3) << "a refused event is not counted";
    EXPECT_GT((co_await redis("PTTL", counter.redis_key())).integer(), 55000);
    auto still = co_await limiter.wait(one);
    EXPECT_TRUE(still) << "asking counts nothing and still waits";
  });
}

TEST(RateLimiter, TakeThrowsResourceExhaustedWithRetryAfter) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{.name = "test-throw", .limit = 1, .window = 30s};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    co_await limiter.take(one, "too many");
    std::optional<Error> error;
    try {
      co_await limiter.take(one, "too many");
    } catch (const Error& e) {
      error = e;
    }
    if (!(error)) {
      ADD_FAILURE() << "the event over the limit was let through";
      co_return;
    }
    EXPECT_EQ(error->code(), ErrorCode::kResourceExhausted);
    EXPECT_STREQ(error->what(), "too many");
    if (!(error->retry_after())) {
      ADD_FAILURE() << "no Retry-After";
      co_return;
    }
    EXPECT_GE(*error->retry_after(), 29s);
    EXPECT_LE(*error->retry_after(), 30s);
  });
}

TEST(RateLimiter, AnyCounterOverItsLimitStopsTheEventOnAllOfThem) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule per_account{.name = "test-account", .limit = 2, .window = 60s};
    Rule per_address{.name = "test-address", .limit = 100, .window = 60s};
    Counter account(per_account, {fresh()});
    Counter address(per_address, {fresh()});
    const std::vector<Counter> both{account, address};
    EXPECT_FALSE(co_await limiter.try_take(both));
    EXPECT_FALSE(co_await limiter.try_take(both));
    EXPECT_TRUE(co_await limiter.try_take(both));
    EXPECT_EQ(co_await counted(redis, address), 2) << "the refused event counts on neither";
    Counter other_account(per_account, {fresh()});
    const std::vector<Counter> other{other_account, address};
    EXPECT_FALSE(co_await limiter.try_take(other));
  });
}

TEST(RateLimiter, ParallelAttemptsCannotAllSlipPastTheLimit) {
  constexpr int kAttempts = 60;
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{.name = "test-parallel", .limit = 5, .window = 60s};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    std::vector<std::future<std::optional<milliseconds>>> attempts;
    attempts.reserve(kAttempts);
    for (int i = 0; i < kAttempts; ++i) {
      attempts.push_back(asio::co_spawn(ioc, limiter.try_take(one), asio::use_future));
    }
    asio::steady_timer timer(ioc);
    auto all_done = [&] {
      return std::all_of(attempts.begin(), attempts.end(),
                         [](auto& a) { return a.wait_for(0s) == std::future_status::ready; });
    };
    while (!all_done()) {
      timer.expires_after(5ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
    int let_through = 0;
    for (auto& a : attempts) {
      let_through += a.get() ? 0 : 1;
    }
    EXPECT_EQ(let_through, 5);
    EXPECT_EQ(co_await counted(redis, counter), 5);
  });
}

TEST(RateLimiter, GrowingDelayDoublesAfterTheLimitUpToItsCap) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{
        .name = "test-backoff", .limit = 2, .window = 60s, .backoff = 200ms, .backoff_cap = 500ms};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    EXPECT_FALSE(co_await limiter.try_take(one));
    EXPECT_FALSE(co_await limiter.try_take(one));
    std::vector<milliseconds> waits;
    for (int i = 0; i < 3; ++i) {
      auto wait = co_await limiter.try_take(one);
      if (!(wait)) {
        ADD_FAILURE() << "event " << i << " after the limit is not slowed";
        co_return;
      }
      waits.push_back(*wait);
      co_await wait_until_free(limiter, one);
      EXPECT_FALSE(co_await limiter.try_take(one));
    }
    EXPECT_GT(waits[0], 150ms);
    EXPECT_LE(waits[0], 200ms);
    EXPECT_GT(waits[1], 350ms);
    EXPECT_LE(waits[1], 400ms);
    EXPECT_GT(waits[2], 450ms) << "capped";
    EXPECT_LE(waits[2], 500ms);
    auto ttl = (co_await redis("PTTL", counter.redis_key())).integer();
    EXPECT_GT(ttl, 59000) << "the count lasts a window after the last event";
  });
}

TEST(RateLimiter, GiveBackUncountsWithoutGoingBelowZeroOrCreatingKeys) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{.name = "test-give-back", .limit = 1, .window = 60s};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    co_await limiter.take(one, "full");
    EXPECT_TRUE(co_await limiter.wait(one));
    co_await limiter.give_back(one);
    EXPECT_FALSE(co_await limiter.wait(one));
    co_await limiter.give_back(one);
    EXPECT_EQ(co_await counted(redis, counter), 0);
    Counter untouched(rule, {fresh()});
    const std::vector<Counter> none_yet{untouched};
    co_await limiter.give_back(none_yet);
    EXPECT_EQ((co_await redis("EXISTS", untouched.redis_key())).integer(), 0);
  });
}

TEST(RateLimiter, ResetForgetsTheCountAndTheDelay) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{.name = "test-reset", .limit = 1, .window = 600s, .backoff = 60s, .backoff_cap = 60s};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    co_await limiter.take(one, "slowed");
    EXPECT_TRUE(co_await limiter.wait(one));
    co_await limiter.reset(one);
    EXPECT_FALSE(co_await limiter.wait(one));
    EXPECT_EQ((co_await redis("EXISTS", counter.redis_key())).integer(), 0);
  });
}

TEST(RateLimiter, FailsClosedWhenRedisIsDown) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    redis::Client redis(ioc, settings());
    Limiter limiter(redis);
    Rule rule{.name = "test-down", .limit = 5, .window = 60s};
    Counter counter(rule, {fresh()});
    const std::vector<Counter> one{counter};
    testing::Outage outage("redis");
    std::optional<Error> error;
    try {
      co_await limiter.take(one, "never");
    } catch (const Error& e) {
      error = e;
    }
    if (!(error)) {
      ADD_FAILURE() << "an attempt went through unchecked";
      co_return;
    }
    EXPECT_EQ(error->code(), ErrorCode::kUnavailable);
    EXPECT_TRUE(error->retry_after());
  });
}

}  // namespace
}  // namespace classroom::core::ratelimit
