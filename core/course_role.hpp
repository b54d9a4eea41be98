#pragma once

#include <string_view>

namespace classroom::core {

// A caller's place in a course, weakest first: api keeps memberships, and
// every service that asks it (core/membership.hpp) reads roles the same way.
enum class CourseRole { kNone, kStudent, kTeacher, kOwner };
std::string_view role_name(CourseRole role);   // "owner", "teacher", "student"; "" for none
CourseRole parse_role(std::string_view name);  // kNone for anything else
inline bool is_teacher(CourseRole role) { return role >= CourseRole::kTeacher; }

}  // namespace classroom::core
