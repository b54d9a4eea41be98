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
// What a client's text may hold besides visible characters. Both kinds refuse
// what is not UTF-8, control characters, direction controls (which make text
// display in another order than it reads) and characters that display as
// nothing (so that two names that look alike are alike).
enum class TextKind {
  // Names and titles: one line; no tab, line break, joiner or selector either.
  kName,
  // Descriptions, posts, answers: also tabs and line breaks, and the joiners
  // and variation selectors that emoji and some scripts are written with.
  kText,
};
// Why `text` is not acceptable as `kind` ("must not contain ..."), or nullopt.
std::optional<std::string> text_fault(std::string_view text, TextKind kind);
// `value` without whitespace at either end (ASCII and Unicode spaces).
std::string_view trim_text(std::string_view value);

// A name or title a client sent for `field`: trimmed, of 1..`max` characters
// and without a character TextKind::kName refuses; an invalid-field Error
// (422) naming `field` otherwise.
std::string required_name(std::string_view field, std::string_view value, std::size_t max);
// The same for an optional name: absent, or empty after trimming, is nullopt.
std::optional<std::string> optional_name(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max);
// The same for long text (TextKind::kText).
std::string required_text(std::string_view field, std::string_view value, std::size_t max);
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
