#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "core/ratelimit/limiter.hpp"
#include "services/auth/config.hpp"

namespace classroom::core::redis {
class Client;
}

namespace classroom::auth {

// Sign-in attempts, slowed rather than locked out (OWASP's Authentication
// Cheat Sheet and "Slow Down Online Guessing Attacks with Device Cookies",
// with a client's address standing in for the device; docs/decisions.md):
//  - failures are counted per account and address pair; past a few, each
//    further attempt of that pair waits a doubling delay, capped, so one
//    guesser slows only itself, never the account's owner elsewhere nor the
//    other accounts behind a shared school address;
//  - an address that has signed in to the account before (remembered, hashed,
//    for a while) is known: its pair gets a larger allowance and nothing else
//    slows it, so the owner signs in while the account is under attack;
//  - failures from unknown addresses are also counted per account, so an
//    attack spread over many addresses is slowed as a whole, for unknown
//    addresses only.
// An attempt is counted *before* its password is checked (one atomic script),
// so parallel guesses cannot all slip past while their hashes run. Unknown
// e-mails are counted like accounts, so they are answered alike.
class LoginLimiter {
 public:
  LoginLimiter(core::redis::Client& redis, const LoginLimits& limits);

  // Counts the attempt of `address` on `account` (a normalized e-mail, or a
  // stand-in for one that is not an address), or throws
  // Error(kResourceExhausted) with Retry-After when it must wait.
  boost::asio::awaitable<void> reserve(const std::string& account, const std::string& address);
  // The password was right: forgets the pair's failures, uncounts the attempt
  // on the account, and remembers `address` as known for `account`.
  boost::asio::awaitable<void> succeeded(const std::string& account, const std::string& address);
  // Remembers `address` as known for `account` without an attempt: the one
  // it was registered from, so that an owner who has not signed in since is
  // not a stranger there.
  boost::asio::awaitable<void> remember(const std::string& account, const std::string& address);

 private:
  std::string known_key(const std::string& account, const std::string& address) const;

  core::redis::Client& redis_;
  core::ratelimit::Limiter limiter_;
  core::ratelimit::Rule per_pair_;
  core::ratelimit::Rule per_known_pair_;  // the same counters, a larger allowance
  core::ratelimit::Rule per_account_;     // from unknown addresses
  std::chrono::seconds known_for_;
};

}  // namespace classroom::auth
