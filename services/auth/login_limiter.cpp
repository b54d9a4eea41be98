#include "services/auth/login_limiter.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"

namespace classroom::auth {

namespace asio = boost::asio;

namespace {

std::string account_key(const std::string& email) { return "rl:login:account:" + email; }
std::string address_key(const std::string& address) { return "rl:login:address:" + address; }
std::vector<std::string> keys_of(const std::string& email, const std::string& address) {
  return {account_key(email), address_key(address)};
}

// KEYS: account, address; ARGV: window seconds. Returns both counts and TTLs (ms).
const core::redis::Script kReserve{R"lua(
local account = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
local address = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1], 'NX')
return {account, redis.call('PTTL', KEYS[1]), address, redis.call('PTTL', KEYS[2])}
)lua"};

// KEYS: account, address. Never creates a key (a DECR would, without a TTL).
const core::redis::Script kSucceeded{R"lua(
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 and tonumber(redis.call('GET', KEYS[2])) > 0 then
  redis.call('DECR', KEYS[2])
end
return 1
)lua"};

}  // namespace

asio::awaitable<void> LoginLimiter::reserve(const std::string& email, const std::string& address) {
  std::vector<std::string> window = {std::to_string(limits_.window.count())};
  auto reply = co_await redis_.eval(kReserve, keys_of(email, address), std::move(window));
  const auto& r = reply.elements();
  std::int64_t wait_ms = 0;
  if (r.at(0).integer() > limits_.per_account) {
    wait_ms = std::max(wait_ms, r.at(1).integer());
  }
  if (r.at(2).integer() > limits_.per_address) {
    wait_ms = std::max(wait_ms, r.at(3).integer());
  }
  if (wait_ms > 0) {
    throw core::Error(core::ErrorCode::kResourceExhausted,
                      "too many failed sign-in attempts; try again later")
        .with_retry_after(std::chrono::seconds((wait_ms + 999) / 1000));
  }
}

asio::awaitable<void> LoginLimiter::succeeded(const std::string& email,
                                              const std::string& address) {
  std::vector<std::string> none;
  co_await redis_.eval(kSucceeded, keys_of(email, address), std::move(none));
}

}  // namespace classroom::auth
