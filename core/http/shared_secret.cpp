#include "core/http/shared_secret.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

namespace classroom::core::http {
namespace {

constexpr std::size_t kMinSecretBytes = 16;

std::array<unsigned char, 32> digest_of(std::string_view secret) {
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  return digest;
}

}  // namespace

SharedSecret::SharedSecret(std::string_view secret, std::string_view variable) {
  if (secret.empty()) {
    return;
  }
  if (secret.size() < kMinSecretBytes) {
    throw std::invalid_argument(std::string(variable) + " must have at least " +
                                std::to_string(kMinSecretBytes) + " characters");
  }
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
  digest_ = digest_of(secret);
}

bool SharedSecret::matches(std::string_view presented) const {
  if (!digest_) {
    return false;
  }
  // Digests of equal length, compared in constant time: neither the secret's
  // bytes nor its length can be found by timing the answers.
  auto digest = digest_of(presented);
  return sodium_memcmp(digest.data(), digest_->data(), digest.size()) == 0;
}

}  // namespace classroom::core::http
