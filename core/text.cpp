#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/errors.hpp"

namespace classroom::core {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t size = 0;  // bytes
};

// The code point `text` starts with; nullopt for bytes that are not UTF-8
// (a stray continuation byte, a sequence cut short, an overlong form, a
// surrogate, beyond U+10FFFF).
std::optional<CodePoint> decode(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) {
    return CodePoint{lead, 1};
  }
  // The lead byte tells the length; the shortest value that length may carry.
  std::size_t size = 4;
  char32_t least = 0x10000;
  if ((lead & 0xE0) == 0xC0) {
    size = 2;
    least = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3;
    least = 0x800;
  } else if ((lead & 0xF8) != 0xF0) {
    return std::nullopt;
  }
  char32_t value = lead & (0x7F >> size);
  if (text.size() < size) {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      return std::nullopt;
    }
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < least || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  return CodePoint{value, size};
}

// The code point `text` ends with, as decode() reads it.
std::optional<CodePoint> decode_last(std::string_view text) {
  std::size_t start = text.size() - 1;
  while (start > 0 && text.size() - start < 4 &&
         (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  auto point = decode(text.substr(start));
  if (!point || start + point->size != text.size()) {
    return std::nullopt;
  }
  return point;
}

bool in(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

// Unicode's White_Space.
bool is_space(char32_t c) {
  return in(c, 0x09, 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         in(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_control(char32_t c) { return c < 0x20 || in(c, 0x7F, 0x9F); }

bool is_line_break_or_tab(char32_t c) {
  return c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

// Bidi embeddings, overrides and isolates, and the marks that act like them.
bool is_direction_control(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || in(c, 0x202A, 0x202E) ||
         in(c, 0x2066, 0x2069);
}

// Default-ignorable characters that emoji sequences (ZWJ, variation
// selectors, the tags of subdivision flags) and Persian or Indic spelling
// (ZWNJ) need, and Mongolian's variation selectors.
bool is_joiner_or_selector(char32_t c) {
  return c == 0x200C || c == 0x200D || in(c, 0x180B, 0x180D) || c == 0x180F ||
         in(c, 0xFE00, 0xFE0F) || in(c, 0xE0020, 0xE007F) || in(c, 0xE0100, 0xE01EF);
}

// The rest of Unicode's Default_Ignorable_Code_Point (they display as
// nothing), and the interlinear annotation marks.
bool is_invisible(char32_t c) {
  return c == 0x00AD || c == 0x034F || in(c, 0x115F, 0x1160) || in(c, 0x17B4, 0x17B5) ||
         c == 0x180E || c == 0x200B || in(c, 0x2060, 0x2065) || in(c, 0x206A, 0x206F) ||
         c == 0x3164 || c == 0xFEFF || c == 0xFFA0 || in(c, 0xFFF0, 0xFFFB) ||
         in(c, 0x1BCA0, 0x1BCA3) || in(c, 0x1D173, 0x1D17A) ||
         (in(c, 0xE0000, 0xE0FFF) && !is_joiner_or_selector(c));
}

bool is_noncharacter(char32_t c) { return in(c, 0xFDD0, 0xFDEF) || (c & 0xFFFE) == 0xFFFE; }

std::string must_not(std::string_view what, char32_t c) {
  return fmt::format("must not contain {} (U+{:04X})", what, static_cast<std::uint32_t>(c));
}

std::optional<std::string> fault_of(char32_t c, TextKind kind) {
  bool name = kind == TextKind::kName;
  if (is_line_break_or_tab(c)) {
    return name ? std::optional(must_not("tabs or line breaks", c)) : std::nullopt;
  }
  if (is_control(c)) {
    return must_not("control characters", c);
  }
  if (is_direction_control(c)) {
    return must_not("direction controls", c);
  }
  if (is_invisible(c) || (name && is_joiner_or_selector(c))) {
    return must_not("invisible characters", c);
  }
  if (is_noncharacter(c)) {
    return must_not("noncharacters", c);
  }
  return std::nullopt;
}

std::string checked_text(std::string_view field, std::string_view value, std::size_t max,
                         TextKind kind) {
  auto text = trim_text(value);
  if (text.empty()) {
    throw invalid_field(std::string(field), "must not be empty");
  }
  if (auto fault = text_fault(text, kind)) {
    throw invalid_field(std::string(field), std::move(*fault));
  }
  if (code_points(text) > max) {
    throw invalid_field(std::string(field),
                        "must be at most " + std::to_string(max) + " characters");
  }
  return std::string(text);
}

std::optional<std::string> checked_optional(std::string_view field,
                                            const std::optional<std::string>& value,
                                            std::size_t max, TextKind kind) {
  if (!value || trim_text(*value).empty()) {
    return std::nullopt;
  }
  return checked_text(field, *value, max, kind);
}

}  // namespace

std::optional<std::string> text_fault(std::string_view text, TextKind kind) {
  while (!text.empty()) {
    auto point = decode(text);
    if (!point) {
      return "must be valid UTF-8";
    }
    if (auto fault = fault_of(point->value, kind)) {
      return fault;
    }
    text.remove_prefix(point->size);
  }
  return std::nullopt;
}

std::string_view trim_text(std::string_view value) {
  while (!value.empty()) {
    auto point = decode(value);
    if (!point || !is_space(point->value)) {
      break;
    }
    value.remove_prefix(point->size);
  }
  while (!value.empty()) {
    auto point = decode_last(value);
    if (!point || !is_space(point->value)) {
      break;
    }
    value.remove_suffix(point->size);
  }
  return value;
}

std::string required_name(std::string_view field, std::string_view value, std::size_t max) {
  return checked_text(field, value, max, TextKind::kName);
}

std::optional<std::string> optional_name(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max) {
  return checked_optional(field, value, max, TextKind::kName);
}

std::string required_text(std::string_view field, std::string_view value, std::size_t max) {
  return checked_text(field, value, max, TextKind::kText);
}

std::optional<std::string> optional_text(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max) {
  return checked_optional(field, value, max, TextKind::kText);
}

std::size_t code_points(std::string_view s) {
  // Continuation bytes (10xxxxxx) do not start a character.
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string normalize_email(std::string_view email, std::string_view field) {
  std::string out = ascii_lower(trim(email));
  auto at = out.find('@');
  bool ok = out.size() <= 254 && at != std::string::npos && at > 0 &&
            out.find('@', at + 1) == std::string::npos;
  if (ok) {
    std::string_view domain = std::string_view(out).substr(at + 1);
    auto dot = domain.find('.');
    ok = dot != std::string_view::npos && dot > 0 && domain.back() != '.' &&
         std::none_of(out.begin(), out.end(),
                      [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); });
  }
  if (!ok) {
    throw invalid_field(std::string(field), "must be an e-mail address");
  }
  return out;
}

std::string points_text(std::int64_t hundredths) {
  std::string text = fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
  while (text.back() == '0') {
    text.pop_back();
  }
  if (text.back() == '.') {
    text.pop_back();
  }
  return text;
}

std::string csv_field(std::string_view value) {
  std::string text(value);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) {
    text.insert(0, 1, '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + '"';
}

}  // namespace classroom::core
