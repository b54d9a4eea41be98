#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <new>

#include "core/redis/redis.hpp"

namespace classroom::core::redis {
namespace {

std::string sha1_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) {
    throw std::bad_alloc();  // OpenSSL's one-shot digest fails only when it cannot allocate
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

}  // namespace

Script::Script(std::string source) : source_(std::move(source)), sha1_(sha1_hex(source_)) {}

Command::Command(const Script& script, std::vector<std::string> keys, std::vector<std::string> args)
    : script_(&script) {
  args_.reserve(1 + keys.size() + args.size());
  args_.push_back(std::to_string(keys.size()));
  std::move(keys.begin(), keys.end(), std::back_inserter(args_));
  std::move(args.begin(), args.end(), std::back_inserter(args_));
}

}  // namespace classroom::core::redis
