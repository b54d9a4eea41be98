#include "services/notify/mail/mail_store.hpp"

#include <boost/json.hpp>
#include <string_view>

#include "core/ids.hpp"
#include "core/redis/redis.hpp"
#include "services/notify/stores/keys.hpp"

namespace classroom::notify::mail_store {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr int kMaxDigestItems = 1000;  // as many as an inbox keeps
constexpr int kMaxRecovered = 100;     // per claim; the next claim takes the rest

// KEYS: the user's mail, sending. ARGV: lease in ms, at most this many
// recovered. Jobs whose lease ended go back to the head, oldest first, then
// the head is leased. Returns {recovered} or {recovered, job}. Leases are on
// Redis's own clock (TIME), so that the leases of every instance agree.
const core::redis::Script kClaim{R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local late = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for i = #late, 1, -1 do redis.call('LPUSH', KEYS[1], late[i]) end
if #late > 0 then redis.call('ZREM', KEYS[2], unpack(late)) end
local job = redis.call('LPOP', KEYS[1])
if not job then return {#late} end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), job)
return {#late, job}
)lua"};

// KEYS: mail, sending. ARGV: job. A job whose lease ended and that another
// sender took back is not queued twice.
const core::redis::Script kRelease{R"lua(
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then redis.call('LPUSH', KEYS[1], ARGV[1]) end
)lua"};

// KEYS: digest list, last, lock. ARGV: period, lease in ms, max items, token.
const core::redis::Script kClaimDigest{R"lua(
local last = redis.call('GET', KEYS[2])
if not last then
  redis.call('SET', KEYS[2], ARGV[1])
  return false
end
if tonumber(last) >= tonumber(ARGV[1]) then return false end
if not redis.call('SET', KEYS[3], ARGV[4], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
)lua"};

// KEYS: digest list, last, lock. ARGV: period, claimed count, token. A claim
// whose lock ran out still finishes while no one else has claimed or finished
// the period: the jobs at the head are then still the ones it claimed.
const core::redis::Script kFinishDigest{R"lua(
local lock = redis.call('GET', KEYS[3])
if lock ~= ARGV[3] then
  if lock then return 0 end
  local last = redis.call('GET', KEYS[2])
  if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('LTRIM', KEYS[1], tonumber(ARGV[2]), -1)
redis.call('SET', KEYS[2], ARGV[1])
if lock then redis.call('DEL', KEYS[3]) end
return 1
)lua"};

// KEYS: lock. ARGV: token.
const core::redis::Script kReleaseDigest{R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
)lua"};

std::vector<std::string> mail_keys(const std::string& user) {
  return {keys::of(user, "mail"), keys::of(user, "mail:sending")};
}

std::vector<std::string> digest_keys(const std::string& user) {
  return {keys::of(user, "digest"), keys::of(user, "digest:last"), keys::of(user, "digest:lock")};
}

// How many jobs `counts` (LLEN / ZCARD commands on one user's keys) find.
asio::awaitable<std::int64_t> waiting(core::redis::Client& redis,
                                      const std::vector<std::vector<std::string>>& counts) {
  auto replies = co_await redis.pipeline(counts);
  core::redis::throw_if_error(replies);
  std::int64_t total = 0;
  for (const auto& r : replies) {
    total += r.integer();
  }
  co_return total;
}

// Takes `user` out of `set` when `counts` find nothing, then counts again: a
// delivery that queued a job and SADDed before the SREM put them back.
asio::awaitable<void> forget_when_empty(core::redis::Client& redis, const char* set,
                                        const std::string& user,
                                        const std::vector<std::vector<std::string>>& counts) {
  const auto before = co_await waiting(redis, counts);
  if (before > 0) {
    co_return;
  }
  co_await redis("SREM", set, user);
  const auto after = co_await waiting(redis, counts);
  if (after > 0) {
    co_await redis("SADD", set, user);
  }
}

asio::awaitable<std::vector<std::string>> members(core::redis::Client& redis, const char* set) {
  auto reply = co_await redis("SMEMBERS", set);
  std::vector<std::string> users;
  for (const auto& member : reply.elements()) {
    users.push_back(member.str());
  }
  co_return users;
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

asio::awaitable<std::vector<std::string>> mail_users(core::redis::Client& redis) {
  return members(redis, keys::kMailUsers);
}

asio::awaitable<Claimed> claim(core::redis::Client& redis, const std::string& user,
                               std::chrono::milliseconds lease) {
  std::vector<std::string> args = {std::to_string(lease.count()), std::to_string(kMaxRecovered)};
  auto reply = co_await redis.eval(kClaim, mail_keys(user), std::move(args));
  const auto& out = reply.elements();
  Claimed claimed{std::nullopt, out.at(0).integer()};
  if (out.size() > 1) {
    claimed.job = out[1].str();
  }
  co_return claimed;
}

asio::awaitable<void> done(core::redis::Client& redis, const std::string& user,
                           const std::string& raw) {
  co_await redis("ZREM", keys::of(user, "mail:sending"), raw);
}

asio::awaitable<void> release(core::redis::Client& redis, const std::string& user,
                              const std::string& raw) {
  std::vector<std::string> job = {raw};
  co_await redis.eval(kRelease, mail_keys(user), std::move(job));
}

asio::awaitable<void> forget_if_idle(core::redis::Client& redis, const std::string& user) {
  const std::vector<std::vector<std::string>> counts = {{"LLEN", keys::of(user, "mail")},
                                                        {"ZCARD", keys::of(user, "mail:sending")}};
  co_await forget_when_empty(redis, keys::kMailUsers, user, counts);
}

asio::awaitable<std::vector<std::string>> digest_users(core::redis::Client& redis) {
  return members(redis, keys::kDigestUsers);
}

asio::awaitable<std::optional<DigestClaim>> claim_digest(core::redis::Client& redis,
                                                         const std::string& user,
                                                         std::int64_t period,
                                                         std::chrono::milliseconds lease) {
  DigestClaim claim{core::new_uuid(), {}};
  std::vector<std::string> args = {std::to_string(period), std::to_string(lease.count()),
                                   std::to_string(kMaxDigestItems), claim.token};
  auto reply = co_await redis.eval(kClaimDigest, digest_keys(user), std::move(args));
  if (reply.is_nil()) {
    co_return std::nullopt;
  }
  for (const auto& job : reply.elements()) {
    claim.jobs.push_back(job.str());
  }
  co_return claim;
}

asio::awaitable<void> finish_digest(core::redis::Client& redis, const std::string& user,
                                    std::int64_t period, const DigestClaim& claim) {
  std::vector<std::string> args = {std::to_string(period), std::to_string(claim.jobs.size()),
                                   claim.token};
  co_await redis.eval(kFinishDigest, digest_keys(user), std::move(args));
  const std::vector<std::vector<std::string>> counts = {{"LLEN", keys::of(user, "digest")}};
  co_await forget_when_empty(redis, keys::kDigestUsers, user, counts);
}

asio::awaitable<void> release_digest(core::redis::Client& redis, const std::string& user,
                                     const DigestClaim& claim) {
  std::vector<std::string> lock = {keys::of(user, "digest:lock")};
  std::vector<std::string> token = {claim.token};
  co_await redis.eval(kReleaseDigest, std::move(lock), std::move(token));
}

}  // namespace classroom::notify::mail_store
