#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pg/pg.hpp"

// Reads of a course's grades: the gradebook and a student's progress. Each is
// one round trip (a pipeline of its statements).
namespace classroom::api::gradebook_store {

namespace asio = boost::asio;
using core::pg::Pool;

// A graded item: published assignment with points, or exam with results.
struct Item {
  std::string id;
  std::string kind;  // coursework or exam
  std::string title;
  std::int64_t max_points = 0;
  std::optional<std::string> due_at;
};

struct Student {
  std::string user_id;
  std::string display_name;
};

// A student's result on an item: a submission (state, late) or an exam result.
struct Grade {
  std::string student_id;
  std::string item_id;
  std::optional<std::int64_t> points;
  std::optional<std::string> state;
  bool late = false;
};

// Graded coursework in order of publishing, then exams in order of first
// release; students by name; every grade of them.
struct CourseGrades {
  std::vector<Item> items;
  std::vector<Student> students;
  std::vector<Grade> grades;
};
asio::awaitable<CourseGrades> course_grades(Pool& db, const std::string& course_id);

// One assignment given to the student, with their submission.
struct Work {
  std::string id;
  std::string title;
  std::optional<std::string> due_at;
  std::optional<std::int64_t> max_points;
  std::string state;  // NEW when there is no submission
  bool late = false;  // past due without one counts as late
  std::optional<std::int64_t> grade;
};

struct ExamResult {
  std::string exam_id;
  std::string title;
  std::int64_t max_points = 0;
  std::int64_t points = 0;
};

struct StudentGrades {
  std::vector<Work> work;
  std::vector<ExamResult> exams;
};
asio::awaitable<StudentGrades> student_grades(Pool& db, const std::string& course_id,
                                              const std::string& student_id);

// From exam.result_released (event_sync.cpp): a later release replaces an
// earlier one.
inline constexpr core::pg::Query kUpsertExamResult{
    "api_upsert_exam_result",
    "INSERT INTO exam_results (exam_id, student_id, course_id, title, points, max_points, "
    "released_at) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::numeric / 100, "
    "$6::numeric / 100, $7::timestamptz) ON CONFLICT (exam_id, student_id) DO UPDATE SET "
    "title = EXCLUDED.title, points = EXCLUDED.points, max_points = EXCLUDED.max_points, "
    "released_at = EXCLUDED.released_at WHERE exam_results.released_at <= EXCLUDED.released_at"};

}  // namespace classroom::api::gradebook_store
