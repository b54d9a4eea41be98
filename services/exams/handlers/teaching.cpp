#include "services/exams/handlers/teaching.hpp"

#include "core/errors.hpp"
#include "services/exams/access.hpp"
#include "services/exams/stores/exam_store.hpp"

namespace classroom::exams::handlers {

asio::awaitable<VisibleExam> visible_exam(Service& s, const Request& request,
                                          std::string_view exam_id) {
  auto exam = co_await exam_store::find(s.db, exam_id);
  if (!exam) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  auto access = co_await course_access(s.membership, exam->course_id, request);
  if (!access.oversees() && exam->state == "DRAFT") {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  co_return VisibleExam{std::move(*exam), std::move(access)};
}

asio::awaitable<Exam> teachers_exam(Service& s, const Request& request, std::string_view exam_id,
                                    Reach reach) {
  auto found = co_await visible_exam(s, request, exam_id);
  if (reach == Reach::kWrite || !found.access.oversees()) {
    found.access.require_teacher();
  }
  co_return std::move(found.exam);
}

}  // namespace classroom::exams::handlers
