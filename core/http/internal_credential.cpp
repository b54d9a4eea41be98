#include "core/http/internal_credential.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

constexpr std::size_t kMinTokenBytes = 16;

std::array<unsigned char, 32> digest_of(std::string_view token) {
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return digest;
}

Error refused(std::string detail) {
  return Error(ErrorCode::kUnauthenticated, std::move(detail))
      .with_header("WWW-Authenticate", std::string(kInternalTokenHeader));
}

}  // namespace

bool is_internal_path(std::string_view path) { return path.starts_with("/internal/"); }

InternalCredential::InternalCredential(std::string_view token) {
  if (token.empty()) {
    return;
  }
  if (token.size() < kMinTokenBytes) {
    throw std::invalid_argument("the internal token must have at least " +
                                std::to_string(kMinTokenBytes) + " characters");
  }
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
  digest_ = digest_of(token);
}

void InternalCredential::check(const Request& request) const {
  if (!digest_) {
    return;
  }
  auto presented = request.header("x-internal-token");
  if (!presented) {
    throw refused("internal endpoints require the service credential in " +
                  std::string(kInternalTokenHeader));
  }
  // Digests of equal length, compared in constant time: neither the secret's
  // bytes nor its length can be found by timing the answers.
  auto digest = digest_of(*presented);
  if (sodium_memcmp(digest.data(), digest_->data(), digest.size()) != 0) {
    throw refused("the service credential in " + std::string(kInternalTokenHeader) +
                  " is not valid");
  }
}

}  // namespace classroom::core::http
