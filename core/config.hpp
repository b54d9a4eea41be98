#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace classroom::core::config {

// Reads configuration from environment variables. A variable that is set but
// invalid is a startup error (std::invalid_argument naming the variable):
// configuration mistakes must stop the service, never be silently replaced.
std::string get_string(std::string_view name, std::string_view fallback);
std::int64_t get_int(std::string_view name, std::int64_t fallback, std::int64_t min,
                     std::int64_t max);
bool get_bool(std::string_view name, bool fallback);
std::chrono::seconds get_seconds(std::string_view name, std::chrono::seconds fallback);
// An http:// or https:// base URL without trailing slashes, to which a path
// is appended (CLASSROOM_PUBLIC_URL: where links in e-mails point).
std::string get_base_url(std::string_view name, std::string_view fallback);

}  // namespace classroom::core::config
