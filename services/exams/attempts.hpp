#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "services/exams/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// What happens to attempts, in the caller's transaction: starting one
// (drawn, shuffled, its deadline fixed), submitting one (graded, and its
// result released when the exam's policy says so). Handlers, the auto-submit
// task and closing an exam all go through here.
namespace classroom::exams {

struct Started {
  Attempt attempt;
  bool created = false;  // false: the attempt already in progress
};

// The student's attempt in progress, or a new one; Error(kFailedPrecondition)
// saying why when none may start (not open yet, closed, no attempts left).
// `exam` is locked by the caller.
boost::asio::awaitable<Started> start_attempt(core::pg::Transaction& tx, const Exam& exam,
                                              const std::string& student_id);

// Grades and submits `attempt` (locked, in progress); `actor_id` is who
// submitted it (the student, or the service at the deadline: empty).
boost::asio::awaitable<Attempt> submit_attempt(core::pg::Transaction& tx, const Attempt& attempt,
                                               const Exam& exam, const std::string& actor_id);

// Whether the exam's results are released to students by now (and so a
// result graded now is released at once): IMMEDIATE always, AFTER_CLOSE once
// closed, MANUAL once the teacher has released them.
bool releases_results(const Exam& exam);

// Tells api (and the student) the student's result by the exam's grading
// policy over their graded attempts (exam.result_released), marking those
// attempts released; again after any change of it. Nothing while none is
// graded. Returns when it was released.
boost::asio::awaitable<std::optional<Time>> release_result(core::pg::Transaction& tx,
                                                           const Exam& exam,
                                                           const std::string& student_id,
                                                           const std::string& actor_id);

// Releases the result of every student with a graded attempt not released
// yet (the exam closing, a teacher releasing); returns how many.
boost::asio::awaitable<int> release_unreleased(core::pg::Transaction& tx, const Exam& exam,
                                               const std::string& actor_id);

// Submits every attempt whose deadline (and the grace for answers in flight)
// has passed, also those that passed while the service was down; returns
// how many. Several workers or instances may run it at once.
boost::asio::awaitable<int> submit_overdue(core::pg::Pool& db);

// Closes published exams whose close time has come (exam.closed), releasing
// results AFTER_CLOSE. Attempts in progress go on to their own deadline,
// which an accommodation may put past the close; submit_overdue() ends them.
boost::asio::awaitable<int> close_due_exams(core::pg::Pool& db);

// Writes an event about `exam` to the outbox in `tx` (docs/events.md):
// `data` gains examId and title; `actor_id` empty means the service acted.
boost::asio::awaitable<void> emit_exam_event(core::pg::Transaction& tx, std::string type,
                                             const std::string& actor_id, const Exam& exam,
                                             boost::json::object data);

}  // namespace classroom::exams
