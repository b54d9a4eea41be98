#include "services/exams/domain/course_access.hpp"

#include "core/errors.hpp"

namespace classroom::exams {

using core::Error;
using core::ErrorCode;

CourseRole parse_role(std::optional<std::string_view> name) {
  if (name == "owner") {
    return CourseRole::kOwner;
  }
  if (name == "teacher") {
    return CourseRole::kTeacher;
  }
  if (name == "student") {
    return CourseRole::kStudent;
  }
  return CourseRole::kNone;
}

void CourseAccess::require_teacher() const {
  if (!teaches()) {
    throw Error(ErrorCode::kPermissionDenied, "only the course's teachers may do this");
  }
}

void CourseAccess::require_student() const {
  if (!is_student()) {
    throw Error(ErrorCode::kPermissionDenied, "only the course's students take its exams");
  }
}

}  // namespace classroom::exams
