#include "services/auth/login_limiter.hpp"

#include "core/ids.hpp"
#include "core/redis/redis.hpp"

namespace classroom::auth {

namespace asio = boost::asio;
using core::ratelimit::Counter;
using core::ratelimit::Rule;

namespace {

Rule slowing(std::string name, int limit, const LoginLimits& limits) {
  Rule rule{.name = std::move(name),
            .limit = limit,
            .window = limits.window,
            .backoff = limits.first_delay,
            .backoff_cap = limits.max_delay};
  core::ratelimit::validate(rule);
  return rule;
}

}  // namespace

LoginLimiter::LoginLimiter(core::redis::Client& redis, const LoginLimits& limits)
    : redis_(redis),
      limiter_(redis),
      per_pair_(slowing("login-pair", limits.per_pair, limits)),
      per_known_pair_(slowing("login-pair", limits.per_known_pair, limits)),
      per_account_(slowing("login-account", limits.per_account, limits)),
      known_for_(limits.known_for) {}

std::string LoginLimiter::known_key(const std::string& account, const std::string& address) const {
  // Neither part holds a newline (an e-mail is normalized, an invalid one hashed).
  return "auth:known-address:" + core::sha256_hex(account + "\n" + address).substr(0, 32);
}

asio::awaitable<void> LoginLimiter::reserve(const std::string& account,
                                            const std::string& address) {
  bool known = (co_await redis_("EXISTS", known_key(account, address))).integer() == 1;
  std::vector<Counter> attempt;
  if (known) {
    attempt.emplace_back(per_known_pair_,
                         std::initializer_list<std::string_view>{account, address});
  } else {
    attempt.emplace_back(per_pair_, std::initializer_list<std::string_view>{account, address});
    attempt.emplace_back(per_account_, std::initializer_list<std::string_view>{account});
  }
  co_await limiter_.take(std::move(attempt), "too many failed sign-in attempts; try again later");
}

asio::awaitable<void> LoginLimiter::succeeded(const std::string& account,
                                              const std::string& address) {
  auto was_known =
      co_await redis_("SET", known_key(account, address), "1", "EX", known_for_.count(), "GET");
  std::vector<Counter> pair{{per_pair_, {account, address}}};
  co_await limiter_.reset(std::move(pair));
  if (was_known.is_nil()) {
    std::vector<Counter> on_account{{per_account_, {account}}};
    co_await limiter_.give_back(std::move(on_account));
  }
}

asio::awaitable<void> LoginLimiter::remember(const std::string& account,
                                             const std::string& address) {
  co_await redis_("SET", known_key(account, address), "1", "EX", known_for_.count());
}

}  // namespace classroom::auth
