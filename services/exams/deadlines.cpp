#include "services/exams/deadlines.hpp"

#include "core/pg/pg.hpp"
#include "services/exams/stores/attempt_store.hpp"
#include "services/exams/stores/exam_store.hpp"

namespace classroom::exams {

namespace asio = boost::asio;

std::optional<core::Timestamp> time_of(const std::optional<std::string>& text) {
  return text ? core::parse_time(*text) : std::nullopt;
}

ExamTimes exam_times(const Exam& exam) {
  return ExamTimes{time_of(exam.opens_at), time_of(exam.closes_at), exam.time_limit_minutes,
                   exam.max_attempts};
}

std::optional<Override> override_of(const std::optional<adjustment_store::StoredOverride>& stored) {
  if (!stored) {
    return std::nullopt;
  }
  return Override{time_of(stored->opens_at), time_of(stored->closes_at), stored->max_attempts,
                  stored->time_limit_minutes};
}

Accommodation accommodation_of(const std::optional<adjustment_store::StoredAccommodation>& stored) {
  if (!stored) {
    return Accommodation{};
  }
  return Accommodation{stored->time_multiplier, stored->extra_minutes, stored->extend_past_close};
}

asio::awaitable<StudentTimes> student_times(core::pg::Transaction& tx, const Exam& exam,
                                            const std::string& student_id) {
  co_await adjustment_store::lock_student(tx, exam.course_id, student_id);
  auto stored_override = co_await adjustment_store::override_for(tx, exam.id, student_id);
  auto stored_accommodation =
      co_await adjustment_store::accommodation(tx, exam.course_id, student_id);
  co_return StudentTimes{times_for(exam_times(exam), override_of(stored_override)),
                         accommodation_of(stored_accommodation)};
}

std::optional<core::Timestamp> moved_deadline(const Time& started_at,
                                              const std::optional<Time>& deadline,
                                              const ExamTimes& times,
                                              const Accommodation& accommodation) {
  auto started = core::parse_time(started_at);
  auto granted = time_of(deadline);
  if (!started || !granted) {
    return std::nullopt;
  }
  auto recomputed = recomputed_deadline(*started, granted, times, accommodation);
  if (!recomputed || *recomputed - *granted < std::chrono::seconds(1)) {
    return std::nullopt;
  }
  return recomputed;
}

asio::awaitable<int> recompute_deadlines(core::pg::Transaction& tx, const std::string& course_id,
                                         const std::string& student_id,
                                         const std::optional<std::string>& exam_id) {
  int moved = 0;
  // A start committing now has either seen the change, or is seen here.
  co_await adjustment_store::lock_student(tx, course_id, student_id);
  auto running = co_await attempt_store::running(tx, course_id, student_id, exam_id);
  for (const auto& attempt : running) {
    auto exam = co_await exam_store::find(tx, attempt.exam_id);
    if (!exam) {
      continue;  // an exam with attempts is never deleted
    }
    auto applying = co_await student_times(tx, *exam, student_id);
    auto due = moved_deadline(attempt.started_at, attempt.deadline, applying.times,
                              applying.accommodation);
    if (due) {
      co_await attempt_store::set_deadline(tx, attempt.id, core::format_time(*due, true));
      ++moved;
    }
  }
  co_return moved;
}

}  // namespace classroom::exams
