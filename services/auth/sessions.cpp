#include "services/auth/sessions.hpp"

#include <algorithm>
#include <charconv>

#include "core/ids.hpp"
#include "core/redis/redis.hpp"
#include "services/auth/users.hpp"

namespace classroom::auth {

namespace asio = boost::asio;

namespace {

std::string session_key(std::string_view digest) { return "auth:session:" + std::string(digest); }
std::string index_key(std::string_view user_id) {
  return "auth:user-sessions:" + std::string(user_id);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Writes fields only while the session still exists: a session revoked
// between a read and this write must not come back as a fragment.
const core::redis::Script kUpdateIfExists{R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
  return 1
end
return 0
)lua"};

std::optional<Session> parse(const core::redis::Reply& reply, std::string digest) {
  if (reply.type() != core::redis::Reply::Type::kArray || reply.elements().empty()) {
    return std::nullopt;
  }
  Session s;
  s.digest = std::move(digest);
  const auto& e = reply.elements();
  for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
    const std::string& k = e[i].str();
    const std::string& v = e[i + 1].str();
    if (k == "id") {
      s.id = v;
    } else if (k == "user") {
      s.user_id = v;
    } else if (k == "email") {
      s.email = v;
    } else if (k == "role") {
      s.role = v;
    } else if (k == "verified") {
      s.email_verified = v == "1";
    } else if (k == "name") {
      s.display_name = v;
    } else if (k == "since") {
      s.user_created_us = to_int(v);
    } else if (k == "created") {
      s.created_ms = to_int(v);
    } else if (k == "seen") {
      s.seen_ms = to_int(v);
    } else if (k == "expires") {
      s.expires_ms = to_int(v);
    } else if (k == "ip") {
      s.ip = v;
    } else if (k == "agent") {
      s.agent = v;
    }
  }
  if (s.id.empty() || s.user_id.empty() || s.expires_ms == 0) {
    return std::nullopt;
  }
  return s;
}

}  // namespace

asio::awaitable<SessionStore::Created> SessionStore::create(const User& user, std::string ip,
                                                            std::string agent) {
  Created created;
  created.token = core::random_token(32);
  Session& s = created.session;
  s.id = core::new_uuid();
  s.digest = core::sha256_hex(created.token);
  s.user_id = user.id;
  s.email = user.email;
  s.role = user.role;
  s.email_verified = user.email_verified;
  s.display_name = user.display_name;
  s.user_created_us = user.created_us;
  s.created_ms = s.seen_ms = now_ms();
  s.expires_ms = s.created_ms + std::chrono::milliseconds(policy_.lifetime).count();
  s.ip = std::move(ip);
  s.agent = agent.substr(0, 512);
  std::string key = session_key(s.digest);
  auto idle_ms = std::to_string(std::chrono::milliseconds(policy_.idle).count());
  // (Named before co_await: GCC 12 miscompiles brace lists inside it.)
  std::vector<std::vector<std::string>> writes{
      {"HSET",     key,
       "id",       s.id,
       "user",     s.user_id,
       "email",    s.email,
       "role",     s.role,
       "verified", s.email_verified ? "1" : "0",
       "name",     s.display_name,
       "since",    std::to_string(s.user_created_us),
       "created",  std::to_string(s.created_ms),
       "seen",     std::to_string(s.seen_ms),
       "expires",  std::to_string(s.expires_ms),
       "ip",       s.ip,
       "agent",    s.agent},
      {"PEXPIRE", key, idle_ms},
      {"HSET", index_key(s.user_id), s.id, s.digest},
      // The newest session ends last, so the index lives as long as it.
      {"EXPIRE", index_key(s.user_id), std::to_string(policy_.lifetime.count())},
  };
  auto replies = co_await redis_.pipeline(std::move(writes));
  core::redis::throw_if_error(replies);
  co_await enforce_limit(s.user_id);
  co_return created;
}

asio::awaitable<void> SessionStore::enforce_limit(const std::string& user_id) {
  auto count = co_await redis_("HLEN", index_key(user_id));
  if (static_cast<std::size_t>(count.integer()) <= policy_.max_per_user) {
    co_return;
  }
  // Session ids are UUIDv7, so their order is the order of sign-in.
  auto entries = co_await index(user_id);
  std::sort(entries.begin(), entries.end());
  entries.resize(entries.size() - policy_.max_per_user);
  co_await remove(user_id, entries);
}

asio::awaitable<std::optional<Session>> SessionStore::find(std::string_view token) {
  if (token.empty() || token.size() > 256) {
    co_return std::nullopt;
  }
  std::string digest = core::sha256_hex(token);
  auto session = parse(co_await redis_("HGETALL", session_key(digest)), digest);
  if (!session) {
    co_return std::nullopt;
  }
  std::int64_t now = now_ms();
  if (session->expires_ms <= now) {
    co_await redis_("DEL", session_key(digest));
    co_return std::nullopt;
  }
  if (now - session->seen_ms >= std::chrono::milliseconds(policy_.touch_interval).count()) {
    // Slide the idle timeout, never past the absolute end.
    std::int64_t ttl = std::min<std::int64_t>(std::chrono::milliseconds(policy_.idle).count(),
                                              session->expires_ms - now);
    std::vector<std::string> keys = {session_key(digest)};
    std::vector<std::string> args = {std::to_string(ttl), "seen", std::to_string(now)};
    co_await redis_.eval(kUpdateIfExists, std::move(keys), std::move(args));
    session->seen_ms = now;
  }
  co_return session;
}

asio::awaitable<std::vector<std::pair<std::string, std::string>>> SessionStore::index(
    const std::string& user_id) {
  auto reply = co_await redis_("HGETALL", index_key(user_id));
  std::vector<std::pair<std::string, std::string>> out;
  const auto& e = reply.elements();
  for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
    out.emplace_back(e[i].str(), e[i + 1].str());
  }
  co_return out;
}

asio::awaitable<std::vector<Session>> SessionStore::list(const std::string& user_id) {
  auto entries = co_await index(user_id);
  std::vector<std::vector<std::string>> reads;
  reads.reserve(entries.size());
  for (const auto& [id, digest] : entries) {
    reads.push_back({"HGETALL", session_key(digest)});
  }
  std::vector<Session> sessions;
  std::vector<std::string> stale;
  if (!reads.empty()) {
    auto replies = co_await redis_.pipeline(std::move(reads));
    std::int64_t now = now_ms();
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto s = parse(replies[i], entries[i].second);
      if (s && s->expires_ms > now) {
        sessions.push_back(std::move(*s));
      } else {
        stale.push_back(entries[i].first);
      }
    }
  }
  if (!stale.empty()) {
    std::vector<std::string> hdel{"HDEL", index_key(user_id)};
    hdel.insert(hdel.end(), stale.begin(), stale.end());
    co_await redis_.command(std::move(hdel));
  }
  // Newest first: ids are UUIDv7, ordered as the sessions began, and unique.
  std::sort(sessions.begin(), sessions.end(),
            [](const Session& a, const Session& b) { return a.id > b.id; });
  co_return sessions;
}

asio::awaitable<bool> SessionStore::revoke(const std::string& user_id,
                                           const std::string& session_id) {
  auto digest = co_await redis_("HGET", index_key(user_id), session_id);
  if (digest.is_nil()) {
    co_return false;
  }
  std::vector<std::vector<std::string>> deletes{{"DEL", session_key(digest.str())},
                                                {"HDEL", index_key(user_id), session_id}};
  auto replies = co_await redis_.pipeline(std::move(deletes));
  co_return replies[0].type() == core::redis::Reply::Type::kInteger&& replies[0].integer() > 0;
}

asio::awaitable<void> SessionStore::revoke_all(const std::string& user_id,
                                               std::optional<std::string> keep) {
  auto entries = co_await index(user_id);
  std::erase_if(entries, [&](const auto& entry) { return keep && entry.first == *keep; });
  co_await remove(user_id, entries);
}

asio::awaitable<void> SessionStore::revoke_created_before(const std::string& user_id,
                                                          std::int64_t before_ms) {
  std::vector<std::pair<std::string, std::string>> ended;
  for (const auto& s : co_await list(user_id)) {
    if (s.created_ms < before_ms) {
      ended.emplace_back(s.id, s.digest);
    }
  }
  co_await remove(user_id, ended);
}

asio::awaitable<void> SessionStore::remove(
    const std::string& user_id, const std::vector<std::pair<std::string, std::string>>& entries) {
  if (entries.empty()) {
    co_return;
  }
  std::vector<std::string> del{"DEL"};
  std::vector<std::string> hdel{"HDEL", index_key(user_id)};
  for (const auto& [id, digest] : entries) {
    del.push_back(session_key(digest));
    hdel.push_back(id);
  }
  std::vector<std::vector<std::string>> deletes{std::move(del), std::move(hdel)};
  auto replies = co_await redis_.pipeline(std::move(deletes));
  core::redis::throw_if_error(replies);
}

asio::awaitable<void> SessionStore::set_role(const std::string& user_id, const std::string& role) {
  co_await set_field(user_id, "role", role);
}

asio::awaitable<void> SessionStore::set_email_verified(const std::string& user_id) {
  co_await set_field(user_id, "verified", "1");
}

asio::awaitable<void> SessionStore::set_field(const std::string& user_id, const std::string& field,
                                              const std::string& value) {
  std::vector<core::redis::Command> updates;
  for (const auto& [id, digest] : co_await index(user_id)) {
    std::vector<std::string> keys = {session_key(digest)};
    std::vector<std::string> args = {"0", field, value};
    updates.emplace_back(kUpdateIfExists, std::move(keys), std::move(args));
  }
  if (!updates.empty()) {
    auto replies = co_await redis_.pipeline(std::move(updates));
    core::redis::throw_if_error(replies);
  }
}

}  // namespace classroom::auth
