#pragma once

#include <string_view>

#include "services/exams/domain/course_access.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/model.hpp"

// What the handlers share: an exam as a caller reaches it.
namespace classroom::exams::handlers {

struct VisibleExam {
  Exam exam;
  CourseAccess access;
};

// Exam `exam_id` as the caller may see it (read on the pool, membership asked
// of api): Error(kNotFound) for an exam that does not exist, for outsiders,
// and for students while it is a draft.
asio::awaitable<VisibleExam> visible_exam(Service& s, const Request& request,
                                          std::string_view exam_id);

enum class Reach { kRead, kWrite };

// Exam `exam_id` for its course's teachers (administrators too, to read):
// Error(kNotFound) for whoever cannot see it (outsiders, students while it is
// a draft), Error(kPermissionDenied) for the course's students otherwise.
asio::awaitable<Exam> teachers_exam(Service& s, const Request& request, std::string_view exam_id,
                                    Reach reach);

}  // namespace classroom::exams::handlers
