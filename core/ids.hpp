#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace classroom::core {

// A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness,
// so ids sort by creation time and index well. Lower-case canonical text.
std::string new_uuid();
// True for a canonical UUID string (any version), which path ids must be.
bool is_uuid(std::string_view text);

// `bytes` random bytes from the operating system's CSPRNG, base64url without padding.
std::string random_token(std::size_t bytes = 32);
// SHA-256 of `data`, lower-case hex.
std::string sha256_hex(std::string_view data);
// base64url without padding.
std::string base64url(std::string_view data);

}  // namespace classroom::core
