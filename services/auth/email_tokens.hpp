#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

namespace classroom::auth {

enum class TokenPurpose { kVerifyEmail, kResetPassword };

// Who a used token was for: the account and the address the link went to.
struct TokenUse {
  std::string user_id;
  std::string email;
};

// One-time tokens of e-mail links (table email_tokens). A token is 32 random
// bytes, base64url; only its SHA-256 is stored, and it never appears in a
// log line or an event.
class EmailTokenStore {
 public:
  explicit EmailTokenStore(core::pg::Pool& db) : db_(db) {}

  // A new token for the account, to be sent to `email` only; valid for `ttl`.
  boost::asio::awaitable<std::string> issue(const std::string& user_id, const std::string& email,
                                            TokenPurpose purpose, std::chrono::seconds ttl);
  // Who `token` is for when it would be accepted now; changes nothing.
  boost::asio::awaitable<std::optional<TokenUse>> live(std::string_view token,
                                                       TokenPurpose purpose);
  // Deletes tokens a day past their end.
  boost::asio::awaitable<void> purge();

 private:
  core::pg::Pool& db_;
};

// Marks `token` used within `tx`, once: nullopt when it is unknown, used,
// expired or of another purpose (the caller answers all of them alike).
boost::asio::awaitable<std::optional<TokenUse>> use_token(core::pg::Transaction& tx,
                                                          std::string_view token,
                                                          TokenPurpose purpose);

}  // namespace classroom::auth
