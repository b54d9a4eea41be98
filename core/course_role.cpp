#include "core/course_role.hpp"

namespace classroom::core {

std::string_view role_name(CourseRole role) {
  switch (role) {
    case CourseRole::kOwner:
      return "owner";
    case CourseRole::kTeacher:
      return "teacher";
    case CourseRole::kStudent:
      return "student";
    case CourseRole::kNone:
      break;
  }
  return "";
}

CourseRole parse_role(std::string_view name) {
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

}  // namespace classroom::core
