#include "services/notify/mail/mail_store.hpp"

#include <boost/json.hpp>
#include <string_view>

#include "core/redis/redis.hpp"

namespace classroom::notify::mail_store {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr const char* kQueue = "notify:mail:queue";
constexpr const char* kSending = "notify:mail:sending";
constexpr const char* kDigestUsers = "notify:digest:users";
constexpr int kMaxDigestItems = 1000;  // as many as an inbox keeps
constexpr int kMaxRecovered = 100;     // per call; the next call takes the rest

// Redis's own clock, so that the leases of every instance agree.
constexpr std::string_view kNowMs = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
)lua";

// KEYS: queue, sending. ARGV: lease in ms.
const std::string kClaim = std::string(kNowMs) + R"lua(
local job = redis.call('LPOP', KEYS[1])
if not job then return false end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), job)
return job
)lua";

// KEYS: queue, sending. ARGV: job. A job whose lease ended and that another
// sender took back is not queued twice.
constexpr std::string_view kRelease = R"lua(
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then redis.call('LPUSH', KEYS[1], ARGV[1]) end
)lua";

// KEYS: queue, sending. ARGV: at most this many. Oldest first back at the head.
const std::string kRecover = std::string(kNowMs) + R"lua(
local jobs = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for i = #jobs, 1, -1 do redis.call('LPUSH', KEYS[1], jobs[i]) end
if #jobs > 0 then redis.call('ZREM', KEYS[2], unpack(jobs)) end
return #jobs
)lua";

// KEYS: digest list, last, lock. ARGV: period, lease in ms, max items.
constexpr std::string_view kClaimDigest = R"lua(
local last = redis.call('GET', KEYS[2])
if not last then
  redis.call('SET', KEYS[2], ARGV[1])
  return false
end
if tonumber(last) >= tonumber(ARGV[1]) then return false end
if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[2]) then return false end
return redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
)lua";

// KEYS: digest list, last, lock, digest users. ARGV: period, count, user.
constexpr std::string_view kFinishDigest = R"lua(
redis.call('LTRIM', KEYS[1], tonumber(ARGV[2]), -1)
redis.call('SET', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[4], ARGV[3]) end
)lua";

std::string digest_key(std::string_view kind, const std::string& user) {
  return "notify:digest:" + std::string(kind) + user;
}

std::optional<std::string> text(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  return std::string(v->as_string());
}

}  // namespace

std::optional<Job> parse_job(std::string raw) {
  boost::system::error_code ec;
  auto value = json::parse(raw, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  const auto& o = value.as_object();
  const auto* item = o.if_contains("item");
  if (item == nullptr || !item->is_object()) {
    return std::nullopt;
  }
  auto title = text(item->as_object(), "title");
  auto link = text(item->as_object(), "link");
  auto user = text(o, "userId");
  auto email = text(o, "email");
  if (!title || !link || (!user && !email)) {
    return std::nullopt;
  }
  mail::MailItem mail_item{std::move(*title), text(item->as_object(), "body").value_or(""),
                           std::move(*link)};
  return Job{std::move(raw), std::move(user), std::move(email), std::move(mail_item)};
}

asio::awaitable<std::optional<std::string>> claim(core::redis::Client& redis,
                                                  std::chrono::milliseconds lease) {
  auto reply = co_await redis("EVAL", kClaim, "2", kQueue, kSending, lease.count());
  co_return reply.as_optional_string();
}

asio::awaitable<void> done(core::redis::Client& redis, const std::string& raw) {
  co_await redis("ZREM", kSending, raw);
}

asio::awaitable<void> release(core::redis::Client& redis, const std::string& raw) {
  co_await redis("EVAL", kRelease, "2", kQueue, kSending, raw);
}

asio::awaitable<std::int64_t> recover(core::redis::Client& redis) {
  auto reply = co_await redis("EVAL", kRecover, "2", kQueue, kSending, kMaxRecovered);
  co_return reply.integer();
}

asio::awaitable<std::optional<core::mail::Address>> address_of(core::redis::Client& redis,
                                                               const std::string& user) {
  auto reply = co_await redis("HMGET", "notify:user:" + user, "email", "displayName");
  const auto& fields = reply.elements();
  auto email = fields.at(0).as_optional_string();
  if (!email || email->empty()) {
    co_return std::nullopt;
  }
  co_return core::mail::Address{std::move(*email), fields.at(1).as_optional_string().value_or("")};
}

asio::awaitable<std::vector<std::string>> digest_users(core::redis::Client& redis) {
  auto reply = co_await redis("SMEMBERS", kDigestUsers);
  std::vector<std::string> users;
  for (const auto& member : reply.elements()) {
    users.push_back(member.str());
  }
  co_return users;
}

asio::awaitable<std::optional<std::vector<std::string>>> claim_digest(
    core::redis::Client& redis, const std::string& user, std::int64_t period,
    std::chrono::milliseconds lease) {
  auto reply =
      co_await redis("EVAL", kClaimDigest, "3", "notify:digest:" + user, digest_key("last:", user),
                     digest_key("lock:", user), period, lease.count(), kMaxDigestItems);
  if (reply.is_nil()) {
    co_return std::nullopt;
  }
  std::vector<std::string> jobs;
  for (const auto& job : reply.elements()) {
    jobs.push_back(job.str());
  }
  co_return jobs;
}

asio::awaitable<void> finish_digest(core::redis::Client& redis, const std::string& user,
                                    std::int64_t period, std::size_t count) {
  co_await redis("EVAL", kFinishDigest, "4", "notify:digest:" + user, digest_key("last:", user),
                 digest_key("lock:", user), kDigestUsers, period, count, user);
}

asio::awaitable<void> release_digest(core::redis::Client& redis, const std::string& user) {
  co_await redis("DEL", digest_key("lock:", user));
}

}  // namespace classroom::notify::mail_store
