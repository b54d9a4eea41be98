#include "services/exams/domain/course_access.hpp"

#include "core/errors.hpp"

namespace classroom::exams {

using core::Error;
using core::ErrorCode;

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
