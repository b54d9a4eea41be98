#pragma once

#include <chrono>

#include "core/http/client.hpp"
#include "core/service/service.hpp"
#include "core/ttl_cache.hpp"

namespace classroom::exams {

// HTTP, database and Redis settings come from core::ServiceSettings.
struct Config : core::ServiceSettings {
  // api, asked who is a member of a course (GET /internal/courses/{id}/members/{userId}).
  core::http::ClientSettings api;
  // How long api's answers are reused, and for how long past that while api
  // is down: an attempt in progress keeps saving answers through an outage.
  core::TtlCacheSettings membership;
  // How often attempts past their deadline are looked for (also at start,
  // which catches those that passed while the service was down).
  std::chrono::seconds submit_interval{2};

  // Every variable is listed in the README; invalid values stop the service.
  static Config from_env();
};

}  // namespace classroom::exams
