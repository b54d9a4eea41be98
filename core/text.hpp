#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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
// Text a client sent for `field`, trimmed, of 1..`max` characters; an
// invalid-field Error (422) naming `field` otherwise.
std::string required_text(std::string_view field, std::string_view value, std::size_t max);
// The same for optional text: absent, or empty after trimming, is nullopt.
std::optional<std::string> optional_text(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max);
// Trimmed and lower-cased; throws Error(kInvalidArgument) naming `field` when
// it is not a plausible address (one '@', a dotted domain, <= 254 bytes, no
// spaces or control characters).
std::string normalize_email(std::string_view email, std::string_view field = "email");

// Points kept as integer hundredths, as text: `12.5` for 1250; at most two
// decimals, no trailing zeros (CSV exports, messages).
std::string points_text(std::int64_t hundredths);
// A CSV field (RFC 4180), with a leading =, +, - or @ defused by a `'`, so a
// spreadsheet opening the file never runs a title as a formula.
std::string csv_field(std::string_view value);

}  // namespace classroom::core
