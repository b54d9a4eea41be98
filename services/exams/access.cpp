#include "services/exams/access.hpp"

#include "core/errors.hpp"
#include "core/membership.hpp"

namespace classroom::exams {

boost::asio::awaitable<CourseAccess> course_access(core::Membership& membership,
                                                   const std::string& course_id,
                                                   const core::http::Request& request) {
  auto caller = request.require_identity();
  auto role = co_await membership.role(course_id, caller.user_id, request.request_id);
  CourseAccess access{course_id, parse_role(role), caller.is_admin()};
  if (!sees_course(access.role, access.admin)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such course");
  }
  co_return access;
}

}  // namespace classroom::exams
