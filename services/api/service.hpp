#pragma once

#include "services/api/access.hpp"
#include "services/api/config.hpp"
// publisher.cpp reaches publish_coursework through this header.
#include "services/api/publishing.hpp"

namespace classroom::core {
namespace pg {
class Pool;
}  // namespace pg
namespace outbox {
class Relay;
}
namespace http {
class Idempotency;
}
namespace ratelimit {
class Limiter;
}
}  // namespace classroom::core

namespace classroom::api {

class CourseworkCache;

// What handlers work with, one per worker thread.
struct Service {
  const Config& config;
  core::pg::Pool& db;
  core::outbox::Relay& relay;  // nudged after a change that wrote an event
  core::http::Idempotency& idempotency;
  CourseworkCache& coursework_cache;
  core::ratelimit::Limiter& limiter;
};

}  // namespace classroom::api
