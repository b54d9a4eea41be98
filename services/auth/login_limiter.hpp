#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "services/auth/config.hpp"

namespace classroom::core::redis {
class Client;
}

namespace classroom::auth {

// Failed-login counters in Redis, per account and per client address, each in
// a fixed window that starts at the first failure:
//   rl:login:account:{email}   rl:login:address:{ip}
// A caller over either limit gets Error(kResourceExhausted) with Retry-After
// set to the time left in that window, before its password is even checked.
class LoginLimiter {
 public:
  LoginLimiter(core::redis::Client& redis, LoginLimits limits) : redis_(redis), limits_(limits) {}

  boost::asio::awaitable<void> check(const std::string& email, const std::string& address);
  boost::asio::awaitable<void> record_failure(const std::string& email, const std::string& address);
  boost::asio::awaitable<void> record_success(const std::string& email);

 private:
  core::redis::Client& redis_;
  LoginLimits limits_;
};

}  // namespace classroom::auth
