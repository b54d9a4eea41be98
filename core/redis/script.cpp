#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <iterator>

#include "core/redis/redis.hpp"

namespace classroom::core::redis {
Script::Script(std::string_view source) noexcept : source_(source) {
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  // SHA1() only computes: it has nothing to fail on for data in memory.
  SHA1(reinterpret_cast<const unsigned char*>(source.data()), source.size(), digest.data());
  constexpr std::string_view kHex = "0123456789abcdef";
  for (std::size_t i = 0; i < digest.size(); ++i) {
    sha1_[2 * i] = kHex[digest[i] >> 4];
    sha1_[2 * i + 1] = kHex[digest[i] & 0x0f];
  }
}

Command::Command(const Script& script, std::vector<std::string> keys, std::vector<std::string> args)
    : script_(&script) {
  args_.reserve(1 + keys.size() + args.size());
  args_.push_back(std::to_string(keys.size()));
  std::move(keys.begin(), keys.end(), std::back_inserter(args_));
  std::move(args.begin(), args.end(), std::back_inserter(args_));
}

}  // namespace classroom::core::redis
