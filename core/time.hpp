#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace classroom::core {

using Clock = std::chrono::system_clock;
using Timestamp = std::chrono::time_point<Clock, std::chrono::microseconds>;

// RFC 3339 in UTC with `Z`, e.g. 2026-11-24T20:15:03Z (with_millis adds .123).
std::string format_time(Clock::time_point t, bool with_millis = false);
// Parses RFC 3339 (any offset, optional fraction); nullopt when malformed.
std::optional<Timestamp> parse_time(std::string_view text);

}  // namespace classroom::core
