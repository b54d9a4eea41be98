#include "services/notify/stores/preferences_store.hpp"

#include <string_view>

#include "core/redis/redis.hpp"
#include "services/notify/preferences_json.hpp"
#include "services/notify/stores/keys.hpp"

namespace classroom::notify::preferences_store {

namespace asio = boost::asio;

namespace {

// KEYS: prefs. ARGV: the expected version ('' for any), the preferences'
// JSON with version 0 first. The compare and the write are one step, so two
// writers with the same If-Match cannot both win.
const core::redis::Script kReplace{R"lua(
local current = 0
local stored = redis.call('GET', KEYS[1])
if stored then current = cjson.decode(stored).version end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then return -1 end
local version = current + 1
redis.call('SET', KEYS[1], '{"version":' .. version .. ',' .. string.sub(ARGV[2], 14))
return version
)lua"};

std::string key(const std::string& user) { return keys::of(user, "prefs"); }

Preferences from_reply(const core::redis::Reply& reply) {
  auto stored = reply.as_optional_string();
  return stored ? preferences_from_stored(*stored) : Preferences{};
}

}  // namespace

asio::awaitable<Preferences> read(core::redis::Client& redis, const std::string& user) {
  auto reply = co_await redis("GET", key(user));
  co_return from_reply(reply);
}

asio::awaitable<std::vector<Preferences>> read_many(core::redis::Client& redis,
                                                    const std::vector<std::string>& users) {
  std::vector<Preferences> out;
  if (users.empty()) {
    co_return out;
  }
  // GETs, not one MGET: the users' keys are in different Cluster slots.
  std::vector<std::vector<std::string>> commands;
  commands.reserve(users.size());
  for (const auto& u : users) {
    commands.push_back({"GET", key(u)});
  }
  auto replies = co_await redis.pipeline(std::move(commands));
  core::redis::throw_if_error(replies);
  for (const auto& value : replies) {
    out.push_back(from_reply(value));
  }
  co_return out;
}

asio::awaitable<std::optional<std::int64_t>> replace(core::redis::Client& redis,
                                                     const std::string& user,
                                                     std::optional<std::int64_t> expected,
                                                     const Preferences& prefs) {
  Preferences unversioned = prefs;
  unversioned.version = 0;
  std::string expected_text = expected ? std::to_string(*expected) : "";
  std::vector<std::string> keys = {key(user)};
  std::vector<std::string> args = {expected_text, stored_preferences(unversioned)};
  auto reply = co_await redis.eval(kReplace, std::move(keys), std::move(args));
  if (reply.integer() < 0) {
    co_return std::nullopt;
  }
  co_return reply.integer();
}

}  // namespace classroom::notify::preferences_store
