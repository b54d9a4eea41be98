#include "core/ratelimit/limiter.hpp"

#include <stdexcept>

#include "core/ids.hpp"
#include "core/redis/redis.hpp"

namespace classroom::core::ratelimit {

namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

// KEYS: counters. ARGV: 'take' or 'peek', then four per counter: limit,
// window ms, backoff ms, backoff cap ms. Returns the wait in ms (0: none).
// A counter is a hash: n (events counted) and, for a growing delay, `until`
// (Redis time in ms before which the next event waits). Redis's own clock
// is the only one, so several hosts agree on it.
const redis::Script kTake{R"lua(
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local a = 2 + (i - 1) * 4
  if tonumber(ARGV[a + 2]) == 0 then
    if tonumber(redis.call('HGET', key, 'n') or '0') >= tonumber(ARGV[a]) then
      wait = math.max(wait, redis.call('PTTL', key))
    end
  else
    wait = math.max(wait, tonumber(redis.call('HGET', key, 'until') or '0') - now)
  end
end
if wait > 0 or ARGV[1] == 'peek' then
  return wait
end
for i, key in ipairs(KEYS) do
  local a = 2 + (i - 1) * 4
  local limit, window = tonumber(ARGV[a]), ARGV[a + 1]
  local backoff, cap = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  local n = redis.call('HINCRBY', key, 'n', 1)
  if backoff == 0 then
    redis.call('PEXPIRE', key, window, 'NX')
  else
    if n >= limit then
      local delay = math.min(backoff * 2 ^ math.min(n - limit, 62), cap)
      redis.call('HSET', key, 'until', string.format('%d', now + delay))
    end
    redis.call('PEXPIRE', key, window)
  end
end
return 0
)lua"};

const redis::Script kGiveBack{R"lua(
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('HGET', key, 'n') or '0') > 0 then
    redis.call('HINCRBY', key, 'n', -1)
  end
end
return 0
)lua"};

// Parts joined with their lengths, so that ("a:b", "c") and ("a", "b:c") differ.
std::string joined(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (auto part : parts) {
    text += std::to_string(part.size());
    text += ':';
    text += part;
  }
  return text;
}

std::vector<std::string> keys_of(const std::vector<Counter>& counters) {
  std::vector<std::string> keys;
  keys.reserve(counters.size());
  for (const auto& c : counters) {
    keys.push_back(c.redis_key());
  }
  return keys;
}

}  // namespace

void validate(const Rule& rule) {
  if (rule.name.empty() || rule.name.find(':') != std::string::npos) {
    throw std::invalid_argument("a rate limit needs a name without ':'");
  }
  if (rule.limit < 1 || rule.window.count() < 1) {
    throw std::invalid_argument("rate limit " + rule.name +
                                ": the limit and the window must be positive");
  }
  if (rule.backoff.count() < 0 || rule.backoff_cap < rule.backoff ||
      rule.backoff_cap > rule.window) {
    throw std::invalid_argument("rate limit " + rule.name +
                                ": the delay cap must lie between the first delay and the window");
  }
}

Counter::Counter(const Rule& rule, std::initializer_list<std::string_view> parts)
    : rule_(&rule), redis_key_("rl:" + rule.name + ":" + sha256_hex(joined(parts)).substr(0, 32)) {}

std::chrono::seconds retry_after(milliseconds wait) {
  return std::chrono::seconds(std::max<std::int64_t>(1, (wait.count() + 999) / 1000));
}

Error exhausted(std::string detail, milliseconds wait) {
  return Error(ErrorCode::kResourceExhausted, std::move(detail))
      .with_retry_after(retry_after(wait));
}

asio::awaitable<std::optional<milliseconds>> Limiter::run(std::string_view mode,
                                                          std::vector<Counter> counters) {
  std::vector<std::string> args{std::string(mode)};
  args.reserve(1 + counters.size() * 4);
  for (const auto& c : counters) {
    const Rule& r = c.rule();
    args.push_back(std::to_string(r.limit));
    args.push_back(std::to_string(milliseconds(r.window).count()));
    args.push_back(std::to_string(r.backoff.count()));
    args.push_back(std::to_string(r.backoff_cap.count()));
  }
  auto reply = co_await redis_.eval(kTake, keys_of(counters), std::move(args));
  if (reply.integer() <= 0) {
    co_return std::nullopt;
  }
  co_return milliseconds(reply.integer());
}

asio::awaitable<std::optional<milliseconds>> Limiter::try_take(std::vector<Counter> counters) {
  return run("take", std::move(counters));
}

asio::awaitable<std::optional<milliseconds>> Limiter::wait(std::vector<Counter> counters) {
  return run("peek", std::move(counters));
}

asio::awaitable<void> Limiter::take(std::vector<Counter> counters, std::string detail) {
  auto wait = co_await try_take(std::move(counters));
  if (wait) {
    throw exhausted(std::move(detail), *wait);
  }
}

asio::awaitable<void> Limiter::give_back(std::vector<Counter> counters) {
  std::vector<std::string> none;
  co_await redis_.eval(kGiveBack, keys_of(counters), std::move(none));
}

asio::awaitable<void> Limiter::reset(std::vector<Counter> counters) {
  std::vector<std::string> command{"DEL"};
  for (auto& key : keys_of(counters)) {
    command.push_back(std::move(key));
  }
  co_await redis_.command(std::move(command));
}

}  // namespace classroom::core::ratelimit
