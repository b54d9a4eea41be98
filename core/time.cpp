#include "core/time.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace classroom::core {

std::string format_time(Clock::time_point t, bool with_millis) {
  // Calendar arithmetic only: gmtime (which fmt's %Y… would call) takes a
  // process-wide lock, and this runs for every log line.
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day date{days};
  std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::milliseconds>(t - days)};
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(date.year()),
                                unsigned(date.month()), unsigned(date.day()), time.hours().count(),
                                time.minutes().count(), time.seconds().count());
  if (with_millis) {
    out += fmt::format(".{:03}", time.subseconds().count());
  }
  out += 'Z';
  return out;
}

namespace {

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) {
    return false;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + digits, out);
  if (ec != std::errc() || ptr != s.data() + digits) {
    return false;
  }
  s.remove_prefix(digits);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || (s.front() != c && !(c == 'T' && (s.front() == 't' || s.front() == ' ')))) {
    return false;
  }
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<Timestamp> parse_time(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!read_int(s, 4, year) || !expect(s, '-') || !read_int(s, 2, month) || !expect(s, '-') ||
      !read_int(s, 2, day) || !expect(s, 'T') || !read_int(s, 2, hour) || !expect(s, ':') ||
      !read_int(s, 2, minute) || !expect(s, ':') || !read_int(s, 2, second)) {
    return std::nullopt;
  }
  std::chrono::microseconds fraction{0};
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    int digits = 0;
    long micros = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (s.front() - '0');
      }
      ++digits;
      s.remove_prefix(1);
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (int i = digits; i < 6; ++i) {
      micros *= 10;
    }
    fraction = std::chrono::microseconds(micros);
  }
  std::chrono::minutes offset{0};
  if (!s.empty() && (s.front() == 'Z' || s.front() == 'z')) {
    s.remove_prefix(1);
  } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    int oh, om;
    if (!read_int(s, 2, oh) || !expect(s, ':') || !read_int(s, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = std::chrono::minutes(sign * (oh * 60 + om));
  } else {
    return std::nullopt;
  }
  if (!s.empty()) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  auto t = std::chrono::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second) + fraction - offset;
  return std::chrono::time_point_cast<std::chrono::microseconds>(t);
}

}  // namespace classroom::core
