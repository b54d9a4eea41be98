#include "services/api/service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/time.hpp"
#include "services/api/queries.hpp"
#include "services/api/rows.hpp"

namespace classroom::api {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;

void CourseAccess::require_teacher() const {
  if (!is_teacher(role)) {
    throw Error(ErrorCode::kPermissionDenied, "only the course's teachers may do this");
  }
}

void CourseAccess::require_oversight() const {
  if (!oversees()) {
    throw Error(ErrorCode::kPermissionDenied, "only the course's teachers may see this");
  }
}

void CourseAccess::require_owner() const {
  if (role != CourseRole::kOwner) {
    throw Error(ErrorCode::kPermissionDenied, "only the course's owner may do this");
  }
}

void CourseAccess::require_member() const {
  if (role == CourseRole::kNone) {
    throw Error(ErrorCode::kPermissionDenied, "only members of the course may do this");
  }
}

void CourseAccess::require_active() const {
  if (course.state != "ACTIVE") {
    throw Error(ErrorCode::kFailedPrecondition, "the course is archived and read-only");
  }
}

namespace {

CourseAccess read_access(const core::pg::Result& r, const core::http::Identity& caller) {
  CourseAccess access;
  if (!r.empty()) {
    access.course = rows::course(r, 0);
    access.role = r.is_null(0, 11) ? CourseRole::kNone : parse_role(r.text(0, 11));
    access.coursework_generation = r.get<std::int64_t>(0, 12);
  }
  access.admin = caller.is_admin();
  if (r.empty() || (access.role == CourseRole::kNone && !access.admin)) {
    throw Error(ErrorCode::kNotFound, "no such course");
  }
  return access;
}

}  // namespace

std::optional<std::string> utc_time(std::string_view text) {
  auto t = core::parse_time(text);
  // 1970-01-01 and 2200-01-01 in microseconds since the epoch.
  constexpr std::int64_t kFirst = 0;
  constexpr std::int64_t kEnd = 7'258'118'400'000'000;
  if (!t || t->time_since_epoch().count() < kFirst || t->time_since_epoch().count() >= kEnd) {
    return std::nullopt;
  }
  return core::format_time(std::chrono::time_point_cast<core::Clock::duration>(*t), true);
}

void require_uuid(std::string_view id, std::string_view what) {
  if (!core::is_uuid(id)) {
    throw Error(ErrorCode::kNotFound, "no such " + std::string(what));
  }
}

asio::awaitable<CourseAccess> course_access(core::pg::Pool& db, std::string_view course_id,
                                            const core::http::Identity& caller) {
  require_uuid(course_id, "course");
  auto r = co_await db.query(queries::kSelectCourseAccess, course_id, caller.user_id);
  co_return read_access(r, caller);
}

asio::awaitable<CourseAccess> course_access(core::pg::Transaction& tx, std::string_view course_id,
                                            const core::http::Identity& caller) {
  require_uuid(course_id, "course");
  auto r = co_await tx.query(queries::kSelectCourseAccessForUpdate, course_id, caller.user_id);
  co_return read_access(r, caller);
}

asio::awaitable<void> emit(core::pg::Transaction& tx, std::string type, const std::string& actor_id,
                           const std::optional<std::string>& course_id,
                           const boost::json::object& data) {
  core::outbox::Event event{std::move(type), actor_id, course_id, boost::json::serialize(data)};
  co_await core::outbox::enqueue(tx, event);
}

namespace {

// What a student is given to see; nullopt for teachers and administrators (all).
std::optional<std::string> viewer(const CourseAccess& access, const std::string& caller_id) {
  if (access.oversees()) {
    return std::nullopt;
  }
  return caller_id;
}

Coursework found(const core::pg::Result& r) {
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such coursework");
  }
  return rows::coursework(r, 0);
}

}  // namespace

asio::awaitable<Coursework> visible_coursework(core::pg::Pool& db, const CourseAccess& access,
                                               std::string_view id, const std::string& caller_id) {
  require_uuid(id, "coursework");
  auto student = viewer(access, caller_id);
  co_return found(
      co_await db.query(queries::kSelectVisibleCoursework, access.course.id, id, student));
}

asio::awaitable<Coursework> visible_coursework(core::pg::Transaction& tx,
                                               const CourseAccess& access, std::string_view id,
                                               const std::string& caller_id) {
  require_uuid(id, "coursework");
  auto student = viewer(access, caller_id);
  co_return found(
      co_await tx.query(queries::kSelectVisibleCoursework, access.course.id, id, student));
}

asio::awaitable<Coursework> publish_coursework(core::pg::Transaction& tx, const std::string& cw_id,
                                               const std::string& actor_id,
                                               const std::string& course_name) {
  auto r = co_await tx.query(queries::kPublishCoursework, cw_id);
  if (r.empty()) {
    throw Error(ErrorCode::kFailedPrecondition, "the coursework is already published");
  }
  auto cw = rows::coursework(r, 0);
  co_await tx.query(queries::kAddAssigneeSubmissions, cw.id);
  auto students = co_await tx.query(queries::kSelectAssigneeIds, cw.id);
  boost::json::array recipients;
  for (int i = 0; i < students.rows(); ++i) {
    recipients.push_back(boost::json::string(students.text(i, 0)));
  }
  boost::json::object data{
      {"courseworkId", cw.id},     {"title", cw.title},
      {"workType", cw.work_type},  {"dueAt", cw.due_at ? boost::json::value(*cw.due_at) : nullptr},
      {"courseName", course_name}, {"recipientIds", std::move(recipients)}};
  co_await emit(tx, "coursework.published", actor_id, cw.course_id, data);
  co_return cw;
}

asio::awaitable<Member> add_member(core::pg::Transaction& tx, const Course& course,
                                   const std::string& user_id, CourseRole role,
                                   const std::string& via) {
  std::string role_text(role_name(role));
  auto joined = co_await tx.query(queries::kInsertMember, course.id, user_id, role_text);
  if (joined.empty()) {
    throw Error(ErrorCode::kAlreadyExists, "already a member of this course");
  }
  if (role == CourseRole::kStudent) {
    co_await tx.query(queries::kAddLateJoinerSubmissions, course.id, user_id);
  }
  boost::json::object data{
      {"userId", user_id}, {"role", role_text}, {"via", via}, {"courseName", course.name}};
  co_await emit(tx, "course.member_added", user_id, course.id, data);
  co_return Member{course.id, user_id, joined.get<std::string>(0, 1), role_text,
                   joined.get<std::string>(0, 0)};
}

}  // namespace classroom::api
