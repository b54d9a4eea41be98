#pragma once

#include <cstdint>
#include <string>

#include "services/api/model.hpp"

namespace classroom::api {

// The caller's place in one course (DESIGN.md, "Roles and authorization"):
// what they may see and change there. The require_* rules throw core errors.
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
  // 403 unless `caller_id` wrote it (`author_id`) or teaches the course; 409
  // when the course is archived: for changes to posts and comments.
  void require_author_or_teacher(const std::string& author_id, const std::string& caller_id) const;
};

// Whether someone with `role` in a course sees it at all: its members and
// administrators. To anyone else it does not exist (404, not 403).
inline bool sees_course(CourseRole role, bool admin) { return role != CourseRole::kNone || admin; }

}  // namespace classroom::api
