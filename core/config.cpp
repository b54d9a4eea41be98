#include "core/config.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <optional>
#include <stdexcept>

namespace classroom::core::config {
namespace {

std::optional<std::string_view> lookup(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string_view(value);
}

[[noreturn]] void invalid(std::string_view name, std::string_view value, std::string_view want) {
  throw std::invalid_argument(fmt::format("{}={:?} is invalid: expected {}", name, value, want));
}

}  // namespace

std::string get_string(std::string_view name, std::string_view fallback) {
  return std::string(lookup(name).value_or(fallback));
}

std::int64_t get_int(std::string_view name, std::int64_t fallback, std::int64_t min,
                     std::int64_t max) {
  auto value = lookup(name);
  if (!value) {
    return fallback;
  }
  std::int64_t result = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), result);
  if (ec != std::errc() || ptr != value->data() + value->size() || result < min || result > max) {
    invalid(name, *value, fmt::format("an integer from {} to {}", min, max));
  }
  return result;
}

bool get_bool(std::string_view name, bool fallback) {
  auto value = lookup(name);
  if (!value) {
    return fallback;
  }
  if (*value == "1" || *value == "true" || *value == "yes" || *value == "on") {
    return true;
  }
  if (*value == "0" || *value == "false" || *value == "no" || *value == "off") {
    return false;
  }
  invalid(name, *value, "true or false");
}

std::chrono::seconds get_seconds(std::string_view name, std::chrono::seconds fallback) {
  auto value = lookup(name);
  if (!value) {
    return fallback;
  }
  // A number with an optional unit: 90, 90s, 15m, 12h, 30d.
  std::int64_t number = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
  std::string_view unit(ptr, value->data() + value->size() - ptr);
  std::int64_t scale = unit.empty() || unit == "s" ? 1
                       : unit == "m"               ? 60
                       : unit == "h"               ? 3600
                       : unit == "d"               ? 86400
                                                   : 0;
  if (ec != std::errc() || number < 0 || scale == 0) {
    invalid(name, *value, "a duration such as 90, 90s, 15m, 12h or 30d");
  }
  return std::chrono::seconds(number * scale);
}

std::string get_base_url(std::string_view name, std::string_view fallback) {
  std::string url = get_string(name, fallback);
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    invalid(name, url, "an http:// or https:// URL");
  }
  return url;
}

}  // namespace classroom::core::config
