#include "services/auth/passwords.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/worker_pool.hpp"

namespace classroom::auth {

std::string hash_password(std::string_view password, const PasswordParams& params) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.passes,
                            params.memory_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool verify_password(std::string_view stored, std::string_view password) {
  std::string terminated(stored);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

Passwords::Passwords(PasswordParams params, core::WorkerPool& workers)
    : params_(params), workers_(workers), dummy_(hash_password("not a real password", params)) {}

boost::asio::awaitable<std::string> Passwords::hash(std::string password) {
  co_return co_await workers_.run([&] { return hash_password(password, params_); });
}

boost::asio::awaitable<bool> Passwords::verify(std::string stored, std::string password) {
  bool known = !stored.empty();
  bool ok =
      co_await workers_.run([&] { return verify_password(known ? stored : dummy_, password); });
  co_return known&& ok;
}

}  // namespace classroom::auth
