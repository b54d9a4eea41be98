#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/auth/config.hpp"

namespace classroom::core::redis {
class Client;
}

namespace classroom::auth {

struct User;

struct Session {
  std::string id;      // public id, for listing and revoking
  std::string digest;  // SHA-256 of the token: the Redis key; the token itself is never stored
  std::string user_id;
  std::string email;
  std::string role;
  bool email_verified = false;  // as in the user's row; verifying writes it into live sessions
  // The account's display name and creation time, so that /auth/me is one
  // Redis read like /verify. auth never changes a display name; a role change
  // is written into live sessions (set_role).
  std::string display_name;
  std::int64_t user_created_us = 0;
  std::int64_t created_ms = 0;
  std::int64_t seen_ms = 0;
  std::int64_t expires_ms = 0;  // absolute end
  std::string ip;
  std::string agent;
};

// Sessions in Redis (DESIGN.md, "Sessions and tokens"):
//   auth:session:{digest}        hash of the session; TTL = min(idle, absolute end)
//   auth:user-sessions:{userId}  hash session id -> digest, for listing and revoking
class SessionStore {
 public:
  SessionStore(core::redis::Client& redis, SessionPolicy policy) : redis_(redis), policy_(policy) {}

  struct Created {
    std::string token;  // handed to the client once
    Session session;
  };
  boost::asio::awaitable<Created> create(const User& user, std::string ip, std::string agent);
  // The live session of a token, sliding its idle timeout; nullopt if none.
  boost::asio::awaitable<std::optional<Session>> find(std::string_view token);
  // The user's live sessions, newest first.
  boost::asio::awaitable<std::vector<Session>> list(const std::string& user_id);
  // Ends one of the user's sessions; false if it is not theirs or already gone.
  boost::asio::awaitable<bool> revoke(const std::string& user_id, const std::string& session_id);
  // Ends every session of the user except `keep` (a session id), if given.
  boost::asio::awaitable<void> revoke_all(const std::string& user_id,
                                          std::optional<std::string> keep = std::nullopt);
  // Ends every session of the user that began before `before_ms` (Unix ms),
  // keeping those begun since: the durable end of a password reset.
  boost::asio::awaitable<void> revoke_created_before(const std::string& user_id,
                                                     std::int64_t before_ms);
  // A role change applies to live sessions at once.
  boost::asio::awaitable<void> set_role(const std::string& user_id, const std::string& role);
  // So does a verified e-mail: /verify says so on the session's next request.
  boost::asio::awaitable<void> set_email_verified(const std::string& user_id);

 private:
  // The user's sessions as (id, digest) pairs.
  boost::asio::awaitable<std::vector<std::pair<std::string, std::string>>> index(
      const std::string& user_id);
  // Ends the oldest sessions beyond policy_.max_per_user.
  boost::asio::awaitable<void> enforce_limit(const std::string& user_id);
  // Writes one field into every live session of the user.
  boost::asio::awaitable<void> set_field(const std::string& user_id, const std::string& field,
                                         const std::string& value);
  boost::asio::awaitable<void> remove(
      const std::string& user_id, const std::vector<std::pair<std::string, std::string>>& entries);

  core::redis::Client& redis_;
  SessionPolicy policy_;
};

}  // namespace classroom::auth
