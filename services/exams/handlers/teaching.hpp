#pragma once

#include <string_view>

#include "services/exams/handlers/handlers.hpp"
#include "services/exams/model.hpp"

// What the grading and results handlers share: an exam as its course's
// teachers reach it.
namespace classroom::exams::handlers {

enum class Reach { kRead, kWrite };

// Exam `exam_id` for its course's teachers (administrators too, to read):
// Error(kNotFound) for whoever cannot see it (outsiders, students while it is
// a draft), Error(kPermissionDenied) for the course's students otherwise.
asio::awaitable<Exam> teachers_exam(Service& s, const Request& request, std::string_view exam_id,
                                    Reach reach);

}  // namespace classroom::exams::handlers
