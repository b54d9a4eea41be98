#include "services/api/stores/gradebook_store.hpp"

#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"
#include "services/api/stores/rules.hpp"

namespace classroom::api::gradebook_store {

namespace {

using core::pg::hundredths;
using core::pg::join;
using core::pg::Query;
using core::pg::utc;

constexpr Query kSelectGradedCoursework{
    "api_select_graded_coursework",
    join<"SELECT id::text AS id, title, ", hundredths<"max_points">, " AS max_points, ",
         utc<"due_at">,
         " AS due_at FROM coursework WHERE course_id = $1::uuid AND state = 'PUBLISHED' "
         "AND work_type = 'ASSIGNMENT' AND max_points IS NOT NULL ORDER BY published_at, id">.text};

constexpr Query kSelectCourseExams{
    "api_select_course_exams",
    join<"SELECT exam_id::text AS id, (array_agg(title ORDER BY released_at DESC))[1] AS title, ",
         hundredths<"max(max_points)">,
         " AS max_points FROM exam_results WHERE course_id = $1::uuid "
         "GROUP BY exam_id ORDER BY min(released_at), exam_id">.text};

constexpr Query kSelectStudents{
    "api_select_students",
    "SELECT m.user_id::text AS user_id, coalesce(p.display_name, '') AS display_name "
    "FROM members m LEFT JOIN profiles p ON p.id = m.user_id "
    "WHERE m.course_id = $1::uuid AND m.role = 'student' "
    "ORDER BY lower(coalesce(p.display_name, '')), m.user_id"};

// $2: one student's, or NULL for all.
constexpr Query kSelectCourseGrades{
    "api_select_course_grades",
    join<"SELECT s.student_id::text AS student_id, s.coursework_id::text AS item_id, ",
         hundredths<"s.assigned_grade">, " AS points, s.state, ", stores::kLate,
         " AS late FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id "
         "WHERE s.course_id = $1::uuid AND ($2::uuid IS NULL OR s.student_id = $2::uuid) "
         "AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' "
         "AND cw.max_points IS NOT NULL AND ",
         stores::given_to<"s.student_id">>.text};

constexpr Query kSelectExamResults{
    "api_select_exam_results",
    join<"SELECT student_id::text AS student_id, exam_id::text AS item_id, ", hundredths<"points">,
         " AS points FROM exam_results "
         "WHERE course_id = $1::uuid AND ($2::uuid IS NULL OR student_id = $2::uuid)">.text};

constexpr Query kSelectStudentWork{
    "api_select_student_work",
    join<"SELECT cw.id::text AS id, cw.title, ", utc<"cw.due_at">, " AS due_at, ",
         hundredths<"cw.max_points">, " AS max_points, coalesce(s.state, 'NEW') AS state, coalesce(",
         stores::kLate, ", cw.due_at < now()) AS late, ", hundredths<"s.assigned_grade">,
         " AS grade FROM coursework cw LEFT JOIN submissions s ON s.coursework_id = cw.id "
         "AND s.student_id = $2::uuid WHERE cw.course_id = $1::uuid AND cw.state = 'PUBLISHED' "
         "AND cw.work_type = 'ASSIGNMENT' AND ",
         stores::given_to<"$2::uuid">, " ORDER BY cw.published_at, cw.id">.text};

constexpr Query kSelectStudentExams{
    "api_select_student_exams",
    join<"SELECT exam_id::text AS exam_id, title, ", hundredths<"max_points">, " AS max_points, ",
         hundredths<"points">,
         " AS points FROM exam_results WHERE course_id = $1::uuid AND student_id = $2::uuid "
         "ORDER BY released_at, exam_id">.text};

Item item(const core::pg::Columns& r, int row, std::string kind) {
  std::optional<std::string> due_at;
  if (kind == "coursework") {
    due_at = r.get<std::optional<std::string>>(row, "due_at");
  }
  return Item{r.get<std::string>(row, "id"), std::move(kind), r.get<std::string>(row, "title"),
              r.get<std::int64_t>(row, "max_points"), std::move(due_at)};
}

}  // namespace

asio::awaitable<CourseGrades> course_grades(Pool& db, const std::string& course_id) {
  std::vector<core::pg::Statement> statements;
  statements.push_back(core::pg::bind(kSelectGradedCoursework, course_id));
  statements.push_back(core::pg::bind(kSelectCourseExams, course_id));
  statements.push_back(core::pg::bind(kSelectStudents, course_id));
  statements.push_back(core::pg::bind(kSelectCourseGrades, course_id, std::nullopt));
  statements.push_back(core::pg::bind(kSelectExamResults, course_id, std::nullopt));
  auto r = co_await db.pipeline(std::move(statements));
  CourseGrades out;
  core::pg::Columns coursework(r[0]);
  for (int i = 0; i < r[0].rows(); ++i) {
    out.items.push_back(item(coursework, i, "coursework"));
  }
  core::pg::Columns exams(r[1]);
  for (int i = 0; i < r[1].rows(); ++i) {
    out.items.push_back(item(exams, i, "exam"));
  }
  out.students = core::pg::all_rows(r[2], [](const core::pg::Columns& rows, int row) {
    return Student{rows.get<std::string>(row, "user_id"),
                   rows.get<std::string>(row, "display_name")};
  });
  out.grades = core::pg::all_rows(r[3], [](const core::pg::Columns& rows, int row) {
    return Grade{rows.get<std::string>(row, "student_id"), rows.get<std::string>(row, "item_id"),
                 rows.get<std::optional<std::int64_t>>(row, "points"),
                 rows.get<std::string>(row, "state"), rows.get<bool>(row, "late")};
  });
  auto exam_grades = core::pg::all_rows(r[4], [](const core::pg::Columns& rows, int row) {
    return Grade{rows.get<std::string>(row, "student_id"), rows.get<std::string>(row, "item_id"),
                 rows.get<std::int64_t>(row, "points"), std::nullopt, false};
  });
  out.grades.insert(out.grades.end(), std::make_move_iterator(exam_grades.begin()),
                    std::make_move_iterator(exam_grades.end()));
  co_return out;
}

asio::awaitable<StudentGrades> student_grades(Pool& db, const std::string& course_id,
                                              const std::string& student_id) {
  std::vector<core::pg::Statement> statements;
  statements.push_back(core::pg::bind(kSelectStudentWork, course_id, student_id));
  statements.push_back(core::pg::bind(kSelectStudentExams, course_id, student_id));
  auto r = co_await db.pipeline(std::move(statements));
  StudentGrades out;
  out.work = core::pg::all_rows(r[0], [](const core::pg::Columns& rows, int row) {
    return Work{rows.get<std::string>(row, "id"),
                rows.get<std::string>(row, "title"),
                rows.get<std::optional<std::string>>(row, "due_at"),
                rows.get<std::optional<std::int64_t>>(row, "max_points"),
                rows.get<std::string>(row, "state"),
                rows.get<bool>(row, "late"),
                rows.get<std::optional<std::int64_t>>(row, "grade")};
  });
  out.exams = core::pg::all_rows(r[1], [](const core::pg::Columns& rows, int row) {
    return ExamResult{rows.get<std::string>(row, "exam_id"), rows.get<std::string>(row, "title"),
                      rows.get<std::int64_t>(row, "max_points"),
                      rows.get<std::int64_t>(row, "points")};
  });
  co_return out;
}

}  // namespace classroom::api::gradebook_store
