#include "services/notify/stores/inbox_store.hpp"

#include <charconv>
#include <string_view>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"

namespace classroom::notify::inbox_store {

namespace asio = boost::asio;

namespace {

// One event's deliveries are remembered this long (the events stream keeps
// far fewer days of entries than that at our rates).
constexpr int kDoneSeconds = 7 * 24 * 3600;

// KEYS: done, mail queue, digest users, then six per recipient: seq, inbox,
// unread, item, read, digest. ARGV: item id, item JSON without readAt, done
// TTL, inbox limit, live channel, the JSON string of an address without an
// account ('' for none), then user id and e-mail mode per recipient.
// The PUBLISH is inside the script, so that live messages come in seq order.
constexpr std::string_view kDeliver = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local id = ARGV[1]
local item = string.sub(ARGV[2], 1, -2) .. ',"readAt":null}'
local limit = tonumber(ARGV[4])
local to = {}
for i = 1, (#KEYS - 3) / 6 do
  local k = 3 + (i - 1) * 6
  local user, mode = ARGV[5 + 2 * i], ARGV[6 + 2 * i]
  if not redis.call('ZSCORE', KEYS[k + 2], id) then
    local seq = redis.call('INCR', KEYS[k + 1])
    redis.call('ZADD', KEYS[k + 2], seq, id)
    redis.call('ZADD', KEYS[k + 3], seq, id)
    redis.call('HSET', KEYS[k + 4], id, ARGV[2])
    local excess = redis.call('ZCARD', KEYS[k + 2]) - limit
    if excess > 0 then
      local old = redis.call('ZRANGE', KEYS[k + 2], 0, excess - 1)
      redis.call('ZREM', KEYS[k + 2], unpack(old))
      redis.call('ZREM', KEYS[k + 3], unpack(old))
      redis.call('HDEL', KEYS[k + 4], unpack(old))
      redis.call('HDEL', KEYS[k + 5], unpack(old))
    end
    local job = '{"userId":"' .. user .. '","email":null,"item":' .. item .. '}'
    if mode == 'IMMEDIATE' then
      redis.call('RPUSH', KEYS[2], job)
    elseif mode == 'DAILY' then
      redis.call('RPUSH', KEYS[k + 6], job)
      redis.call('SADD', KEYS[3], user)
    end
    to[#to + 1] = '["' .. user .. '",' .. seq .. ',' .. redis.call('ZCARD', KEYS[k + 3]) .. ']'
  end
end
if ARGV[6] ~= '' then
  redis.call('RPUSH', KEYS[2], '{"userId":null,"email":' .. ARGV[6] .. ',"item":' .. item .. '}')
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[3])
if #to > 0 then
  redis.call('PUBLISH', ARGV[5],
             '{"kind":"item","item":' .. item .. ',"to":[' .. table.concat(to, ',') .. ']}')
end
return 1
)lua";

// KEYS: the ZSET to read (inbox or unread), item, read. ARGV: the range's
// two ends as ZRANGEBYSCORE takes them, in the order read, the limit and
// 'REV' for newest first. Reads ids, items and readAt in one go, so that an
// item trimmed meanwhile is never half there. Flat: id, seq, item, readAt.
constexpr std::string_view kRead = R"lua(
local command = ARGV[4] == 'REV' and 'ZREVRANGEBYSCORE' or 'ZRANGEBYSCORE'
local ids = redis.call(command, KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES', 'LIMIT', 0, ARGV[3])
local out = {}
for i = 1, #ids, 2 do
  out[#out + 1] = ids[i]
  out[#out + 1] = ids[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], ids[i]) or ''
  out[#out + 1] = redis.call('HGET', KEYS[3], ids[i]) or ''
end
return out
)lua";

// KEYS: inbox, unread, read. ARGV: item id, readAt, channel, user id.
constexpr std::string_view kMarkRead = R"lua(
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
  redis.call('PUBLISH', ARGV[3], '{"kind":"unread","userId":"' .. ARGV[4] .. '","count":' ..
             redis.call('ZCARD', KEYS[2]) .. '}')
end
return 1
)lua";

// KEYS: unread, read. ARGV: readAt, channel, user id.
constexpr std::string_view kMarkAllRead = R"lua(
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do redis.call('HSET', KEYS[2], id, ARGV[1]) end
if #ids == 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], '{"kind":"unread","userId":"' .. ARGV[3] .. '","count":0}')
return #ids
)lua";

std::string key(std::string_view kind, const std::string& user) {
  return "notify:" + std::string(kind) + ":" + user;
}

std::int64_t to_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw core::Error(core::ErrorCode::kInternal,
                      "not an integer in the inbox: " + std::string(text));
  }
  return value;
}

StoredItem stored(std::string id, std::string_view seq, const std::string& item,
                  const std::string& read_at) {
  std::string json = item.substr(0, item.size() - 1) + ",\"readAt\":";
  json += read_at.empty() ? "null" : "\"" + read_at + "\"";
  json += "}";
  return {std::move(id), to_int(seq), std::move(json)};
}

asio::awaitable<std::vector<StoredItem>> read(core::redis::Client& redis, std::string set,
                                              const std::string& user, std::string from,
                                              std::string to, int limit, const char* order) {
  std::vector<std::string> args = {"EVAL",
                                   std::string(kRead),
                                   "3",
                                   std::move(set),
                                   key("item", user),
                                   key("read", user),
                                   std::move(from),
                                   std::move(to),
                                   std::to_string(limit),
                                   order};
  auto reply = co_await redis.command(std::move(args));
  const auto& flat = reply.elements();
  std::vector<StoredItem> items;
  items.reserve(flat.size() / 4);
  for (std::size_t i = 0; i + 3 < flat.size(); i += 4) {
    // An item with no JSON would be a bug of the scripts; leave it out rather than fail the list.
    if (!flat[i + 2].str().empty()) {
      items.push_back(
          stored(flat[i].str(), flat[i + 1].str(), flat[i + 2].str(), flat[i + 3].str()));
    }
  }
  co_return items;
}

}  // namespace

std::string done_key(const std::string& event_id, std::size_t group) {
  std::string k = "notify:done:" + event_id;
  if (group > 0) {
    k += ":" + std::to_string(group);
  }
  return k;
}

asio::awaitable<bool> deliver(core::redis::Client& redis, const Delivery& delivery) {
  std::vector<std::string> args = {"EVAL",
                                   std::string(kDeliver),
                                   std::to_string(3 + 6 * delivery.recipients.size()),
                                   delivery.done_key,
                                   "notify:mail:queue",
                                   "notify:digest:users"};
  for (const auto& r : delivery.recipients) {
    for (const char* kind : {"seq", "inbox", "unread", "item", "read", "digest"}) {
      args.push_back(key(kind, r.user_id));
    }
  }
  args.insert(args.end(), {delivery.item_id, delivery.item_json, std::to_string(kDoneSeconds),
                           std::to_string(kInboxLimit), kLiveChannel, delivery.email.value_or("")});
  for (const auto& r : delivery.recipients) {
    args.push_back(r.user_id);
    args.emplace_back(email_mode_name(r.email));
  }
  auto reply = co_await redis.command(std::move(args));
  co_return reply.integer() == 1;
}

asio::awaitable<std::optional<std::int64_t>> seq_of(core::redis::Client& redis,
                                                    const std::string& user,
                                                    const std::string& item_id) {
  auto reply = co_await redis("ZSCORE", key("inbox", user), item_id);
  auto score = reply.as_optional_string();
  if (!score) {
    co_return std::nullopt;
  }
  co_return to_int(*score);
}

asio::awaitable<std::vector<StoredItem>> after(core::redis::Client& redis, const std::string& user,
                                               std::int64_t seq, int limit) {
  return read(redis, key("inbox", user), user, "(" + std::to_string(seq), "+inf", limit, "");
}

asio::awaitable<std::vector<StoredItem>> page(core::redis::Client& redis, const std::string& user,
                                              bool unread_only,
                                              std::optional<std::int64_t> before_seq, int limit) {
  std::string from = before_seq ? "(" + std::to_string(*before_seq) : "+inf";
  return read(redis, key(unread_only ? "unread" : "inbox", user), user, std::move(from), "-inf",
              limit, "REV");
}

asio::awaitable<std::int64_t> unread_count(core::redis::Client& redis, const std::string& user) {
  auto reply = co_await redis("ZCARD", key("unread", user));
  co_return reply.integer();
}

asio::awaitable<bool> mark_read(core::redis::Client& redis, const std::string& user,
                                const std::string& item_id, const std::string& read_at) {
  auto reply = co_await redis("EVAL", kMarkRead, "3", key("inbox", user), key("unread", user),
                              key("read", user), item_id, read_at, kLiveChannel, user);
  co_return reply.integer() == 1;
}

asio::awaitable<std::int64_t> mark_all_read(core::redis::Client& redis, const std::string& user,
                                            const std::string& read_at) {
  auto reply = co_await redis("EVAL", kMarkAllRead, "2", key("unread", user), key("read", user),
                              read_at, kLiveChannel, user);
  co_return reply.integer();
}

}  // namespace classroom::notify::inbox_store
