#pragma once

#include "services/exams/config.hpp"

namespace classroom::core {
class Membership;
namespace pg {
class Pool;
}  // namespace pg
namespace outbox {
class Relay;
}
namespace http {
class Idempotency;
}
}  // namespace classroom::core

namespace classroom::exams {

// What handlers work with, one per worker thread.
struct Service {
  const Config& config;
  core::pg::Pool& db;
  core::outbox::Relay& relay;  // nudged after a change that wrote an event
  core::http::Idempotency& idempotency;
  core::Membership& membership;  // who is in which course, as api says
};

}  // namespace classroom::exams
