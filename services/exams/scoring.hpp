#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "services/exams/domain/question.hpp"
#include "services/exams/domain/scores.hpp"
#include "services/exams/model.hpp"

namespace classroom::core::pg {
class Transaction;
}  // namespace classroom::core::pg

// What teachers do to submitted attempts' scores, in the caller's
// transaction: grading (essays, overrides) and regrading a question across
// the exam. Each change is kept in the attempt's history and, when the
// exam's results are released, released again (attempts.hpp).
namespace classroom::exams {

// Applies a teacher's `grades` to `attempt` (locked; submitted or graded):
// Error(kFailedPrecondition) while it is in progress, one 422 for every
// invalid grade. The attempt is GRADED once nothing waits for a teacher.
boost::asio::awaitable<Attempt> grade_attempt(core::pg::Transaction& tx, const Attempt& attempt,
                                              const Exam& exam, const std::string& actor_id,
                                              std::span<const TeacherGrade> grades);

struct ScoreChange {
  std::string attempt_id;
  std::string student_id;
  int number = 1;
  std::int64_t from = 0;  // the attempt's score, hundredths
  std::int64_t to = 0;
};

struct Regrade {
  Question question;  // as it is now
  std::vector<ScoreChange> changes;
};

// Changes question `question_id` of `exam` (locked) by `fields` (its key
// fields and/or points, as authored; 422 naming what is invalid) in the
// exam's sections and in every attempt's copy, rescores every submitted
// attempt's answer to it, keeps each changed score in history with
// `reason`, and releases again every result that changed and is released.
// Error(kNotFound) when no section and no attempt holds the question.
boost::asio::awaitable<Regrade> regrade_question(core::pg::Transaction& tx, const Exam& exam,
                                                 const std::string& question_id,
                                                 const boost::json::object& fields,
                                                 const std::string& reason,
                                                 const std::string& actor_id);

}  // namespace classroom::exams
