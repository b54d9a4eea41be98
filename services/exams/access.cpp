#include "services/exams/access.hpp"

#include "core/errors.hpp"
#include "core/membership.hpp"

namespace classroom::exams {

boost::asio::awaitable<CourseAccess> course_access(core::Membership& membership,
                                                   const std::string& course_id,
                                                   const core::http::Request& request) {
  auto caller = request.require_identity();
  auto role = co_await membership.role(course_id, caller.user_id, request.request_id);
  CourseAccess access{course_id, role, caller.is_admin()};
  bool seen = role != CourseRole::kNone;
  if (!seen && access.admin) {
    // An administrator sees every course that exists, member or not.
    seen = co_await membership.course_exists(course_id, request.request_id);
  }
  if (!seen) {
    throw core::Error(core::ErrorCode::kNotFound, "no such course");
  }
  co_return access;
}

}  // namespace classroom::exams
