#pragma once

#include <chrono>
#include <cstddef>

#include "core/ratelimit/limiter.hpp"
#include "core/service/service.hpp"

namespace classroom::api {

// HTTP, database and Redis settings come from core::ServiceSettings.
struct Config : core::ServiceSettings {
  static constexpr std::chrono::seconds kJoinWindow{15 * 60};

  // How often scheduled coursework is looked for (also at start).
  std::chrono::seconds publish_interval{5};
  // How often coursework due within a day is looked for, to remind its
  // students (reminders.hpp; also at start).
  std::chrono::seconds reminder_interval{5};
  // Memory each worker thread may keep courses' coursework lists in
  // (coursework_cache.hpp). Lists are always served from there: a list
  // that does not fit is read whole for every request.
  std::size_t coursework_cache_bytes = 32u << 20;
  // Wrong join codes (POST /api/courses/join), per account and per client
  // address (a school's pupils share one address); over either, every join
  // of that account or address is refused before its code is looked up.
  core::ratelimit::Rule join_per_account{
      .name = "join-account", .limit = 10, .window = kJoinWindow};
  core::ratelimit::Rule join_per_address{
      .name = "join-address", .limit = 100, .window = kJoinWindow};

  // Every variable is listed in the README; invalid values stop the service.
  static Config from_env();
};

}  // namespace classroom::api
