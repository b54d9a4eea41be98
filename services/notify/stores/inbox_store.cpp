#include "services/notify/stores/inbox_store.hpp"

#include <charconv>
#include <string_view>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"
#include "services/notify/stores/keys.hpp"

namespace classroom::notify::inbox_store {

namespace asio = boost::asio;

namespace {

// One event's deliveries are remembered this long (the events stream keeps
// far fewer days of entries than that at our rates).
constexpr int kDoneSeconds = 7 * 24 * 3600;

// KEYS: the recipient's seq, inbox, unread, item, read, mail, digest.
// ARGV: item id, item JSON without readAt, inbox limit, live channel, user
// id, e-mail mode. Returns 0 when the user holds the item already.
const core::redis::Script kDeliver{R"lua(
local id, user, mode = ARGV[1], ARGV[5], ARGV[6]
if redis.call('ZSCORE', KEYS[2], id) then return 0 end
local item = string.sub(ARGV[2], 1, -2) .. ',"readAt":null}'
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, id)
redis.call('ZADD', KEYS[3], seq, id)
redis.call('HSET', KEYS[4], id, ARGV[2])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  redis.call('ZREM', KEYS[2], unpack(old))
  redis.call('ZREM', KEYS[3], unpack(old))
  redis.call('HDEL', KEYS[4], unpack(old))
  redis.call('HDEL', KEYS[5], unpack(old))
end
if mode == 'IMMEDIATE' or mode == 'DAILY' then
  local job = '{"userId":"' .. user .. '","email":null,"item":' .. item .. '}'
  redis.call('RPUSH', mode == 'IMMEDIATE' and KEYS[6] or KEYS[7], job)
end
redis.call('PUBLISH', ARGV[4], '{"kind":"item","item":' .. item .. ',"to":[["' .. user .. '",' ..
           seq .. ',' .. redis.call('ZCARD', KEYS[3]) .. ']]}')
return 1
)lua"};

// KEYS: the address's mail, its marker. ARGV: the job, the marker's TTL.
// The marker stands for the inbox check of a user: a redelivery queues nothing.
const core::redis::Script kQueueAddressJob{R"lua(
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('RPUSH', KEYS[1], ARGV[1])
end
)lua"};

// KEYS: the ZSET to read (inbox or unread), item, read. ARGV: the range's
// two ends as ZRANGEBYSCORE takes them, in the order read, the limit and
// 'REV' for newest first. Reads ids, items and readAt in one go, so that an
// item trimmed meanwhile is never half there. Flat: id, seq, item, readAt.
const core::redis::Script kRead{R"lua(
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
)lua"};

// KEYS: inbox, unread, read. ARGV: item id, readAt, channel, user id.
const core::redis::Script kMarkRead{R"lua(
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
  redis.call('PUBLISH', ARGV[3], '{"kind":"unread","userId":"' .. ARGV[4] .. '","count":' ..
             redis.call('ZCARD', KEYS[2]) .. '}')
end
return 1
)lua"};

// KEYS: unread, read. ARGV: readAt, channel, user id.
const core::redis::Script kMarkAllRead{R"lua(
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do redis.call('HSET', KEYS[2], id, ARGV[1]) end
if #ids == 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], '{"kind":"unread","userId":"' .. ARGV[3] .. '","count":0}')
return #ids
)lua"};

std::string key(std::string_view kind, const std::string& user) { return keys::of(user, kind); }

core::redis::Command recipient_script(const Delivery& d, const Recipient& r) {
  std::vector<std::string> keys;
  keys.reserve(7);
  for (const char* kind : {"seq", "inbox", "unread", "item", "read", "mail", "digest"}) {
    keys.push_back(key(kind, r.user_id));
  }
  std::vector<std::string> args = {
      d.item_id,    d.item_json, std::to_string(kInboxLimit),
      kLiveChannel, r.user_id,   std::string(email_mode_name(r.email))};
  return {kDeliver, std::move(keys), std::move(args)};
}

core::redis::Command address_script(const Delivery& d, const std::string& owner) {
  std::string item = d.item_json.substr(0, d.item_json.size() - 1) + ",\"readAt\":null}";
  std::vector<std::string> keys = {key("mail", owner), key("queued", owner)};
  std::vector<std::string> args = {
      "{\"userId\":null,\"email\":" + d.email.value_or("") + ",\"item\":" + item + "}",
      std::to_string(kDoneSeconds)};
  return {kQueueAddressJob, std::move(keys), std::move(args)};
}

// SADD `set` with the users of `mode` (and `extra`); nothing when none.
void add_users(std::vector<core::redis::Command>& commands, const char* set, const Delivery& d,
               EmailMode mode, const std::string* extra) {
  std::vector<std::string> sadd = {"SADD", set};
  for (const auto& r : d.recipients) {
    if (r.email == mode) {
      sadd.push_back(r.user_id);
    }
  }
  if (extra != nullptr) {
    sadd.push_back(*extra);
  }
  if (sadd.size() > 2) {
    commands.emplace_back(std::move(sadd));
  }
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
  std::vector<std::string> keys = {std::move(set), key("item", user), key("read", user)};
  std::vector<std::string> args = {std::move(from), std::move(to), std::to_string(limit), order};
  auto reply = co_await redis.eval(kRead, std::move(keys), std::move(args));
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

std::string address_owner(const std::string& event_id) { return "address:" + event_id; }

asio::awaitable<bool> deliver(core::redis::Client& redis, const Delivery& delivery) {
  auto done = co_await redis("EXISTS", delivery.done_key);
  if (done.integer() == 1) {
    co_return false;
  }
  std::vector<core::redis::Command> commands;
  commands.reserve(delivery.recipients.size() + 3);
  for (const auto& r : delivery.recipients) {
    commands.push_back(recipient_script(delivery, r));
  }
  std::optional<std::string> owner;
  if (delivery.email) {
    owner = address_owner(delivery.item_id);
    commands.push_back(address_script(delivery, *owner));
  }
  add_users(commands, keys::kMailUsers, delivery, EmailMode::kImmediate, owner ? &*owner : nullptr);
  add_users(commands, keys::kDigestUsers, delivery, EmailMode::kDaily, nullptr);
  auto replies = co_await redis.pipeline(std::move(commands));
  core::redis::throw_if_error(replies);
  co_await redis("SET", delivery.done_key, "1", "EX", kDoneSeconds);
  co_return true;
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
  std::vector<std::string> keys = {key("inbox", user), key("unread", user), key("read", user)};
  std::vector<std::string> args = {item_id, read_at, kLiveChannel, user};
  auto reply = co_await redis.eval(kMarkRead, std::move(keys), std::move(args));
  co_return reply.integer() == 1;
}

asio::awaitable<std::int64_t> mark_all_read(core::redis::Client& redis, const std::string& user,
                                            const std::string& read_at) {
  std::vector<std::string> keys = {key("unread", user), key("read", user)};
  std::vector<std::string> args = {read_at, kLiveChannel, user};
  auto reply = co_await redis.eval(kMarkAllRead, std::move(keys), std::move(args));
  co_return reply.integer();
}

}  // namespace classroom::notify::inbox_store
