#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace classroom::core::redis {
class Client;
}

// Counting events (failed sign-ins, wrong join codes, e-mails sent) per key in
// Redis, shared by every process of every service, so that a limit holds
// whichever instance a request reaches.
namespace classroom::core::ratelimit {

// What one kind of counter allows. Two shapes:
//  - a fixed window (backoff == 0): at most `limit` events within `window`
//    of the first one; then every event waits until the window ends;
//  - a growing delay (backoff > 0): `limit` events at once, then each further
//    event waits `backoff` after the one before it, doubling up to
//    `backoff_cap`; the count is forgotten after `window` without an event,
//    so it must be at least `backoff_cap`.
struct Rule {
  std::string name;  // the Redis key's middle part: rl:<name>:<key>
  std::int64_t limit = 1;
  std::chrono::seconds window{60};
  std::chrono::milliseconds backoff{0};
  std::chrono::milliseconds backoff_cap{0};
};

// Throws std::invalid_argument for a rule that cannot work (no name, a limit
// below 1, a window shorter than the delay cap); for checking configuration.
void validate(const Rule& rule);

// One counter: a rule and whose events it counts. The key is made of parts
// (an account id, an e-mail, an address); they are hashed into the Redis key,
// so that user input neither lengthens it nor shows in it.
class Counter {
 public:
  Counter(const Rule& rule, std::initializer_list<std::string_view> parts);

  const Rule& rule() const noexcept { return *rule_; }
  // rl:<name>:<32 hex digits>
  const std::string& redis_key() const noexcept { return redis_key_; }

 private:
  const Rule* rule_;  // rules live in configuration, for as long as the service
  std::string redis_key_;
};

// Retry-After for a wait: whole seconds, rounded up, at least one.
std::chrono::seconds retry_after(std::chrono::milliseconds wait);
// Error(kResourceExhausted) with that Retry-After.
Error exhausted(std::string detail, std::chrono::milliseconds wait);

// Every call is one atomic Lua script (EVALSHA) on the caller's Redis client,
// so parallel requests see each other's counts. When Redis is down the calls
// throw its Error(kUnavailable) (503 with Retry-After): a limit fails closed.
class Limiter {
 public:
  explicit Limiter(redis::Client& redis) : redis_(redis) {}

  // Counts one event on every counter, unless one of them makes it wait:
  // then it counts nothing and returns the longest wait. Counting an attempt
  // *before* acting on it is what keeps parallel attempts from all slipping
  // past a limit while they run; give_back() or reset() settle it afterwards.
  boost::asio::awaitable<std::optional<std::chrono::milliseconds>> try_take(
      std::vector<Counter> counters);
  // The same, throwing exhausted(detail, wait) instead of returning the wait.
  boost::asio::awaitable<void> take(std::vector<Counter> counters, std::string detail);
  // How long an event would wait now (nullopt: not at all); counts nothing.
  boost::asio::awaitable<std::optional<std::chrono::milliseconds>> wait(
      std::vector<Counter> counters);
  // Uncounts one event of each counter (an attempt taken that turned out not
  // to be a failure). Never below zero, never creates a key; a delay already
  // set stays.
  boost::asio::awaitable<void> give_back(std::vector<Counter> counters);
  // Forgets the counters (a success that ends a run of failures).
  boost::asio::awaitable<void> reset(std::vector<Counter> counters);

 private:
  boost::asio::awaitable<std::optional<std::chrono::milliseconds>> run(
      std::string_view mode, std::vector<Counter> counters);

  redis::Client& redis_;
};

}  // namespace classroom::core::ratelimit
