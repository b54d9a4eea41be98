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

std::string required_text(std::string_view field, std::string_view value, std::size_t max) {
  auto text = trim(value);
  if (text.empty()) {
    throw invalid_field(std::string(field), "must not be empty");
  }
  if (code_points(text) > max) {
    throw invalid_field(std::string(field),
                        "must be at most " + std::to_string(max) + " characters");
  }
  return std::string(text);
}

std::optional<std::string> optional_text(std::string_view field,
                                         const std::optional<std::string>& value, std::size_t max) {
  if (!value || trim(*value).empty()) {
    return std::nullopt;
  }
  return required_text(field, *value, max);
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
