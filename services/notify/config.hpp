#pragma once

#include <chrono>
#include <string>

#include "core/http/client.hpp"
#include "core/service/service.hpp"

namespace classroom::notify {

// HTTP and Redis settings come from core::ServiceSettings; notify has no database.
struct Config : core::ServiceSettings {
  // api, asked for a course's students (exam.published, exam.closed).
  core::http::ClientSettings api;
  // The gateway's address as users reach it: links in e-mails are absolute.
  std::string public_url = "http://127.0.0.1:8080";
  // Events left pending this long by a consumer (a crashed instance) are
  // claimed by another; longer than handling an event ever takes.
  std::chrono::milliseconds reclaim_after{30000};

  // Every variable is listed in the README; invalid values stop the service.
  static Config from_env();
};

}  // namespace classroom::notify
