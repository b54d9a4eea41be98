#include "services/auth/login_limiter.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"

namespace classroom::auth {

namespace asio = boost::asio;

namespace {

std::string account_key(const std::string& email) { return "rl:login:account:" + email; }
std::string address_key(const std::string& address) { return "rl:login:address:" + address; }

std::int64_t count_of(const core::redis::Reply& r) {
  return r.is_nil() ? 0 : std::stoll(r.str());
}

}  // namespace

asio::awaitable<void> LoginLimiter::check(const std::string& email, const std::string& address) {
  // (Commands are named before co_await: GCC 12 miscompiles brace lists inside it.)
  std::vector<std::vector<std::string>> reads{{"GET", account_key(email)},
                                              {"PTTL", account_key(email)},
                                              {"GET", address_key(address)},
                                              {"PTTL", address_key(address)}};
  auto r = co_await redis_.pipeline(std::move(reads));
  std::int64_t wait_ms = 0;
  if (count_of(r[0]) >= limits_.per_account) {
    wait_ms = std::max(wait_ms, r[1].integer());
  }
  if (count_of(r[2]) >= limits_.per_address) {
    wait_ms = std::max(wait_ms, r[3].integer());
  }
  if (wait_ms > 0) {
    auto seconds = std::chrono::seconds((wait_ms + 999) / 1000);
    throw core::Error(core::ErrorCode::kResourceExhausted,
                      "too many failed sign-in attempts; try again later")
        .with_retry_after(seconds);
  }
}

asio::awaitable<void> LoginLimiter::record_failure(const std::string& email,
                                                   const std::string& address) {
  auto window = std::to_string(limits_.window.count());
  // EXPIRE NX: the window starts at the first failure and is not extended.
  std::vector<std::vector<std::string>> writes{{"INCR", account_key(email)},
                                               {"EXPIRE", account_key(email), window, "NX"},
                                               {"INCR", address_key(address)},
                                               {"EXPIRE", address_key(address), window, "NX"}};
  co_await redis_.pipeline(std::move(writes));
}

asio::awaitable<void> LoginLimiter::record_success(const std::string& email) {
  co_await redis_("DEL", account_key(email));
}

}  // namespace classroom::auth
