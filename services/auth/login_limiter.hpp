#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "services/auth/config.hpp"

namespace classroom::core::redis {
class Client;
}

namespace classroom::auth {

// Sign-in attempts in Redis, per account and per client address, each in a
// fixed window that starts at the first attempt:
//   rl:login:account:{email}   rl:login:address:{ip}
// An attempt is counted *before* its password is checked (one atomic script),
// so parallel guesses cannot all slip past the limit while their hashes run.
// Over either limit: Error(kResourceExhausted) with Retry-After set to the
// time left in that window. A success clears the account's count and gives
// the address its attempt back, so a school's pupils signing in together
// from one address do not use its allowance up.
class LoginLimiter {
 public:
  LoginLimiter(core::redis::Client& redis, LoginLimits limits) : redis_(redis), limits_(limits) {}

  boost::asio::awaitable<void> reserve(const std::string& email, const std::string& address);
  boost::asio::awaitable<void> succeeded(const std::string& email, const std::string& address);

 private:
  core::redis::Client& redis_;
  LoginLimits limits_;
};

}  // namespace classroom::auth
