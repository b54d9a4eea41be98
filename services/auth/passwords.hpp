#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "services/auth/config.hpp"

namespace classroom::core {
class WorkerPool;
}

namespace classroom::auth {

// Argon2id (libsodium's crypto_pwhash_str) on the worker pool, never on an
// I/O thread. Checking an unknown account costs the same as a wrong password:
// it verifies against a dummy hash made with the same parameters.
class Passwords {
 public:
  Passwords(PasswordParams params, core::WorkerPool& workers);

  boost::asio::awaitable<std::string> hash(std::string password);
  // `stored` empty means "no such account": false, in the same time.
  boost::asio::awaitable<bool> verify(std::string stored, std::string password);

 private:
  PasswordParams params_;
  core::WorkerPool& workers_;
  std::string dummy_;
};

// The synchronous primitives (unit-tested, and used by the admin command).
std::string hash_password(std::string_view password, const PasswordParams& params);
bool verify_password(std::string_view stored, std::string_view password);

}  // namespace classroom::auth
