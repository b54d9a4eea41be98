#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "services/exams/domain/schedule.hpp"
#include "services/exams/model.hpp"
#include "services/exams/stores/adjustment_store.hpp"

namespace classroom::core::pg {
class Transaction;
}  // namespace classroom::core::pg

// The times that apply to one student, from what is stored, and the
// deadlines of attempts in progress kept in step with them (API.md: a change
// of an accommodation or override reaches attempts in progress, and never
// ends one sooner than the time already granted).
namespace classroom::exams {

// A stored time (RFC 3339), parsed; nullopt when there is none.
std::optional<core::Timestamp> time_of(const std::optional<std::string>& text);
ExamTimes exam_times(const Exam& exam);
std::optional<Override> override_of(const std::optional<adjustment_store::StoredOverride>& stored);
Accommodation accommodation_of(const std::optional<adjustment_store::StoredAccommodation>& stored);

// What governs one student's attempts at one exam.
struct StudentTimes {
  ExamTimes times;  // the exam's, with the student's override laid over them
  Accommodation accommodation;
};
// Locks the student's times until commit first (adjustment_store::lock_student).
boost::asio::awaitable<StudentTimes> student_times(core::pg::Transaction& tx, const Exam& exam,
                                                   const std::string& student_id);

// The deadline an attempt in progress (started at `started_at`, deadline
// `deadline` so far, both as stored) gets under `times` and `accommodation`,
// or nullopt when it keeps its own: recomputed_deadline() never ends it
// sooner, and a move of less than a second is none (the database's clock
// stamped the start, the service's fixed the deadline: they differ by
// milliseconds, and a change of settings moves a deadline by whole seconds).
std::optional<core::Timestamp> moved_deadline(const Time& started_at,
                                              const std::optional<Time>& deadline,
                                              const ExamTimes& times,
                                              const Accommodation& accommodation);

// Recomputes, in the caller's transaction and after the change was written
// there, the deadlines of the student's attempts in progress: at exam
// `exam_id` (an override changed), or at every exam of the course (their
// accommodation changed). Returns how many moved.
boost::asio::awaitable<int> recompute_deadlines(core::pg::Transaction& tx,
                                                const std::string& course_id,
                                                const std::string& student_id,
                                                const std::optional<std::string>& exam_id);

}  // namespace classroom::exams
