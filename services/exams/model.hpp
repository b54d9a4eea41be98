#pragma once

#include <cstdint>
#include <optional>
#include <string>

// What the exams service stores, as its stores return it. Times are RFC 3339
// text in UTC with milliseconds, formatted by PostgreSQL (core/pg/sql.hpp);
// points are integer hundredths (exact sums; 150 is 1.5 points).
namespace classroom::exams {

using Time = std::string;

struct Exam {
  std::string id;
  std::string course_id;
  std::string title;
  std::optional<std::string> description;
  std::string state;  // DRAFT | PUBLISHED | CLOSED
  std::optional<Time> opens_at;
  std::optional<Time> closes_at;
  std::optional<int> time_limit_minutes;
  int max_attempts = 1;
  std::string grading_policy;  // HIGHEST | LATEST | FIRST | AVERAGE
  bool shuffle_questions = false;
  bool shuffle_options = false;
  std::string result_release;  // IMMEDIATE | AFTER_CLOSE | MANUAL
  bool show_correct_answers = false;
  // [{title, questions: [question]} | {title, draw: {tag, count, pointsEach}}],
  // keys included (exam_json.hpp reads and writes it).
  std::string sections_json;
  std::int64_t max_points = 0;  // hundredths
  std::string created_by;
  std::optional<Time> published_at;
  std::optional<Time> closed_at;
  std::optional<Time> released_at;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

// A question of the course's bank: the question's JSON (keys included) and
// the tags that sections draw from.
struct BankQuestion {
  std::string id;
  std::string course_id;
  std::string question_json;
  std::string created_by;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

// One student's attempt at an exam, with its own copy of its questions.
struct Attempt {
  std::string id;
  std::string exam_id;
  std::string course_id;
  std::string student_id;
  int number = 1;
  std::string state;  // IN_PROGRESS | SUBMITTED | GRADED
  Time started_at;
  std::optional<Time> deadline;
  std::optional<Time> submitted_at;
  // [question], keys included, in this attempt's order (question_json.hpp).
  std::string questions_json;
  std::int64_t max_points = 0;                   // hundredths
  std::optional<std::int64_t> score;             // hundredths, once submitted
  std::optional<std::string> per_question_json;  // [{questionId, points, ...}]
  std::optional<Time> graded_at;
  std::optional<Time> released_at;
  std::int64_t version = 1;
};

// The latest answer to one question of an attempt.
struct SavedAnswer {
  std::string question_id;
  std::string answer_json;
  std::int64_t seq = 0;
  Time saved_at;
};

// One earlier score of a question in an attempt, kept when a teacher's grade
// or a regrade changed it (API.md: the attempt's `history`).
struct HistoryEntry {
  Time at;
  std::string actor_id;
  std::string question_id;
  std::int64_t from = 0;  // hundredths
  std::int64_t to = 0;
  std::optional<std::string> reason;  // a regrade's
};

}  // namespace classroom::exams
