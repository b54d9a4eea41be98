#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom::core::pg {
class Pool;
}

namespace classroom::auth {

struct User {
  std::string id;
  std::string email;
  std::string display_name;
  std::string role;
  bool active = true;
  std::int64_t version = 1;
  std::int64_t created_us = 0;
  std::string password_hash;    // never serialised
  bool email_verified = false;  // the owner proved the address by a link sent to it
};

struct NewUser {
  std::string email;  // normalised
  std::string display_name;
  std::string password_hash;
  std::string role = "user";
};

struct UserChange {
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<std::int64_t> expected_version;  // from If-Match
};

// The users table and the events its changes produce.
class UserStore {
 public:
  explicit UserStore(core::pg::Pool& db) : db_(db) {}

  // Inserts the user and its `user.registered` event in one transaction;
  // Error(kAlreadyExists) when the e-mail is taken.
  boost::asio::awaitable<User> create(const NewUser& user);
  boost::asio::awaitable<std::optional<User>> find_by_email(const std::string& email);
  boost::asio::awaitable<std::optional<User>> find_by_id(const std::string& id);
  boost::asio::awaitable<void> set_password(const std::string& id, const std::string& hash);
  // Uses a verification token (email_tokens.hpp): the account whose e-mail is
  // still the one the link went to is verified, with a `user.email_verified`
  // event the first time. nullopt when the token is unknown, used or expired,
  // or its account is deactivated or holds another address now.
  boost::asio::awaitable<std::optional<User>> verify_email(std::string_view token);
  // Uses a reset token: sets the password hash, ends the account's other
  // reset links, and verifies the address (the owner proved the mailbox),
  // with a `user.password_reset` event (AccountSync ends the sessions begun
  // before it) and `user.email_verified` the first time. nullopt as
  // verify_email.
  boost::asio::awaitable<std::optional<User>> reset_password(std::string_view token,
                                                             const std::string& hash);
  // Newest first, `limit` at most, after `cursor` (an id) if given.
  boost::asio::awaitable<std::vector<User>> list(std::optional<std::string> cursor, int limit);
  // Applies a role or activation change (with `user.deactivated` /
  // `user.reactivated` / `user.role_changed` events); kNotFound, or
  // kPreconditionFailed when the version does not match.
  boost::asio::awaitable<User> update(const std::string& id, const UserChange& change,
                                      const std::string& actor_id);

 private:
  core::pg::Pool& db_;
};

}  // namespace classroom::auth
