#pragma once

#include <string>

#include "core/course_role.hpp"

namespace classroom::exams {

// A caller's role in a course, as api knows it (core::Membership).
using core::CourseRole;

// The caller's place in one course (DESIGN.md, "Roles and authorization").
// The require_* rules throw core errors.
struct CourseAccess {
  std::string course_id;
  CourseRole role = CourseRole::kNone;
  bool admin = false;

  bool teaches() const { return core::is_teacher(role); }
  bool is_student() const { return role == CourseRole::kStudent; }
  // Teachers, and administrators reading: see every exam, keys included.
  bool oversees() const { return teaches() || admin; }
  // 403 unless a teacher or the owner: for authoring and grading.
  void require_teacher() const;
  // 403 unless a student of the course: only they take exams.
  void require_student() const;
};

}  // namespace classroom::exams
