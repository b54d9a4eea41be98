#include "services/auth/login_limiter.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::auth {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::run;
using testing::Servers;

constexpr LoginLimits kLimits{.per_pair = 3,
                              .per_known_pair = 6,
                              .per_account = 5,
                              .first_delay = 1000ms,
                              .max_delay = 4s,
                              .window = 60s,
                              .known_for = 3600s};

core::redis::Settings settings() { return {.url = Servers::get().redis_url()}; }

// An account and addresses no other test has counted on.
std::string fresh_account() { return "user-" + core::random_token(6) + "@example.org"; }
std::string fresh_address() { return "198.51.100." + core::random_token(4); }

// The Retry-After a reservation is refused with; nullopt when it is let through.
asio::awaitable<std::optional<std::chrono::seconds>> refusal(LoginLimiter& limiter,
                                                             const std::string& account,
                                                             const std::string& address) {
  try {
    co_await limiter.reserve(account, address);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kResourceExhausted) << e.what();
    co_return e.retry_after().value_or(0s);
  }
  co_return std::nullopt;
}

TEST(LoginLimiter, APairPastItsLimitWaitsWhileTheAccountElsewhereDoesNot) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    core::redis::Client redis(ioc, settings());
    LoginLimiter limiter(redis, kLimits);
    auto account = fresh_account();
    auto guesser = fresh_address();
    for (int i = 0; i < kLimits.per_pair; ++i) {
      EXPECT_EQ(co_await refusal(limiter, account, guesser), std::nullopt) << "attempt " << i;
    }
    EXPECT_EQ(co_await refusal(limiter, account, guesser), 1s);
    EXPECT_EQ(co_await refusal(limiter, account, fresh_address()), std::nullopt);
    EXPECT_EQ(co_await refusal(limiter, fresh_account(), guesser), std::nullopt)
        << "another account behind the same address";
  });
}

TEST(LoginLimiter, UnknownAddressesAreSlowedPerAccountAndAKnownOneIsNot) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    core::redis::Client redis(ioc, settings());
    LoginLimiter limiter(redis, kLimits);
    auto account = fresh_account();
    auto home = fresh_address();
    co_await limiter.reserve(account, home);
    co_await limiter.succeeded(account, home);
    for (int i = 0; i < kLimits.per_account; ++i) {
      EXPECT_EQ(co_await refusal(limiter, account, fresh_address()), std::nullopt) << i;
    }
    EXPECT_EQ(co_await refusal(limiter, account, fresh_address()), 1s);
    EXPECT_EQ(co_await refusal(limiter, account, home), std::nullopt);
  });
}

TEST(LoginLimiter, ARememberedAddressIsKnownWithoutASignIn) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    core::redis::Client redis(ioc, settings());
    LoginLimiter limiter(redis, kLimits);
    auto account = fresh_account();
    auto registered_from = fresh_address();
    co_await limiter.remember(account, registered_from);
    for (int i = 0; i < kLimits.per_account; ++i) {
      EXPECT_EQ(co_await refusal(limiter, account, fresh_address()), std::nullopt) << i;
    }
    EXPECT_EQ(co_await refusal(limiter, account, fresh_address()), 1s);
    for (int i = 0; i < kLimits.per_known_pair; ++i) {
      EXPECT_EQ(co_await refusal(limiter, account, registered_from), std::nullopt) << i;
    }
  });
}

TEST(LoginLimiter, AKnownAddressHasALargerAllowanceAndASuccessForgetsItsFailures) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    core::redis::Client redis(ioc, settings());
    LoginLimiter limiter(redis, kLimits);
    auto account = fresh_account();
    auto school = fresh_address();
    co_await limiter.reserve(account, school);
    co_await limiter.succeeded(account, school);
    for (int i = 0; i < kLimits.per_known_pair; ++i) {
      EXPECT_EQ(co_await refusal(limiter, account, school), std::nullopt) << i;
    }
    EXPECT_EQ(co_await refusal(limiter, account, school), 1s);
    co_await limiter.succeeded(account, school);
    EXPECT_EQ(co_await refusal(limiter, account, school), std::nullopt);
  });
}

TEST(LoginLimiter, KnownAddressesAreRememberedHashedForTheirTime) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    core::redis::Client redis(ioc, settings());
    LoginLimiter limiter(redis, kLimits);
    auto account = fresh_account();
    auto home = fresh_address();
    co_await redis("FLUSHDB");
    co_await limiter.reserve(account, home);
    co_await limiter.succeeded(account, home);
    auto keys = (co_await redis("KEYS", "*")).elements();
    int known = 0;
    for (const auto& key : keys) {
      EXPECT_EQ(key.str().find('@'), std::string::npos) << key.str();
      EXPECT_EQ(key.str().find(home), std::string::npos) << key.str();
      if (key.str().starts_with("auth:known-address:")) {
        ++known;
        auto ttl = (co_await redis("TTL", key.str())).integer();
        EXPECT_GT(ttl, 3500);
        EXPECT_LE(ttl, 3600);
      }
    }
    EXPECT_EQ(known, 1);
  });
}

TEST(LoginLimiter, ParallelAttemptsOfOnePairCannotAllSlipPast) {
  constexpr int kAttempts = 30;
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    core::redis::Client redis(ioc, settings());
    LoginLimiter limiter(redis, kLimits);
    auto account = fresh_account();
    auto guesser = fresh_address();
    std::vector<std::future<std::optional<std::chrono::seconds>>> attempts;
    attempts.reserve(kAttempts);
    for (int i = 0; i < kAttempts; ++i) {
      attempts.push_back(asio::co_spawn(ioc, refusal(limiter, account, guesser), asio::use_future));
    }
    asio::steady_timer timer(ioc);
    auto done = [&] {
      return std::all_of(attempts.begin(), attempts.end(),
                         [](auto& a) { return a.wait_for(0s) == std::future_status::ready; });
    };
    while (!done()) {
      timer.expires_after(5ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
    int let_through = 0;
    for (auto& a : attempts) {
      let_through += a.get() ? 0 : 1;
    }
    EXPECT_EQ(let_through, kLimits.per_pair);
  });
}

}  // namespace
}  // namespace classroom::auth
