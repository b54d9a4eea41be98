#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Small text rules every service needs alike.
namespace classroom::core {

// Without ASCII whitespace at either end.
std::string_view trim(std::string_view text);
// ASCII letters lower-cased (header names, media types, e-mail addresses).
std::string ascii_lower(std::string_view text);
// Characters of UTF-8 text (continuation bytes are not counted).
std::size_t code_points(std::string_view text);
// Trimmed and lower-cased; throws Error(kInvalidArgument) naming `field` when
// it is not a plausible address (one '@', a dotted domain, <= 254 bytes, no
// spaces or control characters).
std::string normalize_email(std::string_view email, std::string_view field = "email");

}  // namespace classroom::core
