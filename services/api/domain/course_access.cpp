#include "services/api/domain/course_access.hpp"

#include "core/errors.hpp"

namespace classroom::api {

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

void CourseAccess::require_author_or_teacher(const std::string& author_id,
                                             const std::string& caller_id) const {
  if (author_id != caller_id && !is_teacher(role)) {
    throw Error(ErrorCode::kPermissionDenied, "only the author or a teacher may do this");
  }
  require_active();
}

}  // namespace classroom::api
