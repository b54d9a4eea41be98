#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/http/request.hpp"
#include "services/api/config.hpp"
#include "services/api/model.hpp"

namespace classroom::core {
namespace pg {
class Pool;
class Transaction;
}  // namespace pg
namespace outbox {
class Relay;
}
namespace http {
class Idempotency;
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
};

// The caller's place in one course (DESIGN.md, "Roles and authorization").
struct CourseAccess {
  Course course;
  CourseRole role = CourseRole::kNone;
  bool admin = false;
  // Counts the changes to the course's coursework (coursework_cache.hpp).
  std::int64_t coursework_generation = 0;

  // Teachers, and administrators reading: may see everything in the course.
  bool oversees() const { return is_teacher(role) || admin; }
  // 403 unless a teacher (or the owner) of the course: for changes.
  void require_teacher() const;
  // 403 unless a teacher, or an administrator reading.
  void require_oversight() const;
  void require_owner() const;
  // 403 unless a member: administrators read, they do not post.
  void require_member() const;
  // 409 when the course is archived (read-only).
  void require_active() const;
};

// The course as the caller may see it, or Error(kNotFound) for a course that
// does not exist or that the caller is neither a member of nor an admin.
boost::asio::awaitable<CourseAccess> course_access(core::pg::Pool& db, std::string_view course_id,
                                                   const core::http::Identity& caller);
// The same in a transaction, locking the course row against concurrent
// state changes (archive, delete) until commit.
boost::asio::awaitable<CourseAccess> course_access(core::pg::Transaction& tx,
                                                   std::string_view course_id,
                                                   const core::http::Identity& caller);

// Writes an outbox event (docs/events.md) in `tx`.
boost::asio::awaitable<void> emit(core::pg::Transaction& tx, std::string type,
                                  const std::string& actor_id,
                                  const std::optional<std::string>& course_id,
                                  const boost::json::object& data);

// Coursework `id` of the course as the caller may see it: teachers and
// administrators see all of it, a student only published work given to them;
// anything else is Error(kNotFound).
boost::asio::awaitable<Coursework> visible_coursework(core::pg::Pool& db,
                                                      const CourseAccess& access,
                                                      std::string_view id,
                                                      const std::string& caller_id);
boost::asio::awaitable<Coursework> visible_coursework(core::pg::Transaction& tx,
                                                      const CourseAccess& access,
                                                      std::string_view id,
                                                      const std::string& caller_id);

// Publishes draft `cw` in `tx` (now, or by its schedule): NEW submissions
// for its assigned students and a coursework.published event. Returns it published.
boost::asio::awaitable<Coursework> publish_coursework(core::pg::Transaction& tx,
                                                      const std::string& cw_id,
                                                      const std::string& actor_id,
                                                      const std::string& course_name);

// Makes `user_id` a member with `role` in `tx` (Error(kAlreadyExists) if they
// are one): a student also gets a submission for every published assignment
// given to all students. Emits course.member_added; returns the membership.
boost::asio::awaitable<Member> add_member(core::pg::Transaction& tx, const Course& course,
                                          const std::string& user_id, CourseRole role,
                                          const std::string& via);

// An RFC 3339 time as UTC with milliseconds, or nullopt when it is malformed
// or outside 1970-2199 (the years a course can mean; beyond them lie typos and
// values PostgreSQL or the clock cannot hold).
std::optional<std::string> utc_time(std::string_view text);

// 404 unless `id` is a UUID: a path id that cannot exist.
void require_uuid(std::string_view id, std::string_view what);

}  // namespace classroom::api
