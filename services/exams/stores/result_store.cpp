#include "services/exams/stores/result_store.hpp"

#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"
#include "services/exams/stores/attempt_rows.hpp"

namespace classroom::exams::result_store {

namespace {

using core::pg::hundredths;
using core::pg::join;
using core::pg::Query;
using core::pg::utc;

constexpr Query kHistory{
    "exams_select_grade_history",
    join<"SELECT ", utc<"at">,
         " AS at, actor_id::text AS actor_id, question_id, ", hundredths<"from_points">,
         " AS from_points, ", hundredths<"to_points">,
         " AS to_points, reason FROM grade_history WHERE attempt_id = $1::uuid ORDER BY id">.text};

constexpr Query kAddHistory{
    "exams_insert_grade_history",
    "INSERT INTO grade_history (attempt_id, actor_id, question_id, from_points, to_points, "
    "reason) VALUES ($1::uuid, $2::uuid, $3, $4::bigint / 100.0, $5::bigint / 100.0, $6)"};

constexpr Query kSetScores{
    "exams_set_attempt_scores",
    join<"UPDATE attempts a SET state = $2, score = $3::bigint / 100.0, "
         "max_points = $4::bigint / 100.0, per_question = $5::jsonb, questions = $6::jsonb, "
         "graded_at = CASE WHEN $2 = 'GRADED' THEN now() END, version = version + 1 "
         "WHERE a.id = $1::uuid RETURNING ",
         attempt_rows::kColumns>.text};

constexpr Query kLockAll{
    "exams_lock_exam_attempts",
    join<"SELECT ", attempt_rows::kColumns,
         " FROM attempts a WHERE a.exam_id = $1::uuid ORDER BY a.id FOR UPDATE">.text};

constexpr Query kAll{
    "exams_select_exam_attempts",
    join<"SELECT ", attempt_rows::kColumns,
         " FROM attempts a WHERE a.exam_id = $1::uuid ORDER BY a.student_id, a.number">.text};

constexpr Query kAnswersTo{
    "exams_select_answers_to_question",
    "SELECT x.attempt_id::text AS attempt_id, x.answer::text AS answer FROM answers x "
    "JOIN attempts a ON a.id = x.attempt_id WHERE a.exam_id = $1::uuid AND x.question_id = $2"};

constexpr Query kAnswered{"exams_select_answered_questions",
                          "SELECT x.attempt_id::text AS attempt_id, x.question_id FROM answers x "
                          "JOIN attempts a ON a.id = x.attempt_id WHERE a.exam_id = $1::uuid"};

constexpr Query kUnreleased{
    "exams_select_unreleased_students",
    "SELECT DISTINCT student_id::text AS student_id FROM attempts WHERE exam_id = $1::uuid "
    "AND state = 'GRADED' AND released_at IS NULL ORDER BY 1"};

constexpr Query kReleaseExam{
    "exams_release_exam",
    join<"UPDATE exams e SET released_at = now(), version = version + 1, updated_at = now() "
         "WHERE e.id = $1::uuid RETURNING ",
         utc<"e.released_at">, " AS released_at">.text};

HistoryEntry history_entry(const core::pg::Columns& r, int row) {
  return HistoryEntry{
      r.get<std::string>(row, "at"),          r.get<std::string>(row, "actor_id"),
      r.get<std::string>(row, "question_id"), r.get<std::int64_t>(row, "from_points"),
      r.get<std::int64_t>(row, "to_points"),  r.get<std::optional<std::string>>(row, "reason")};
}

}  // namespace

asio::awaitable<std::vector<HistoryEntry>> history(Pool& db, const std::string& attempt_id) {
  auto r = co_await db.query(kHistory, attempt_id);
  co_return core::pg::all_rows(r, history_entry);
}

asio::awaitable<void> add_history(Transaction& tx, const std::string& attempt_id,
                                  const HistoryEntry& e) {
  co_await tx.query(kAddHistory, attempt_id, e.actor_id, e.question_id, e.from, e.to, e.reason);
}

asio::awaitable<Attempt> set_scores(Transaction& tx, const std::string& attempt_id,
                                    const Scores& s) {
  auto r = co_await tx.query(kSetScores, attempt_id, s.state, s.score, s.max_points,
                             s.per_question_json, s.questions_json);
  core::pg::require_row(r, "attempt");
  co_return attempt_rows::read(r, 0);
}

asio::awaitable<std::vector<Attempt>> lock_all(Transaction& tx, const std::string& exam_id) {
  auto r = co_await tx.query(kLockAll, exam_id);
  co_return core::pg::all_rows(r, attempt_rows::read);
}

asio::awaitable<std::vector<Attempt>> all(Pool& db, const std::string& exam_id) {
  auto r = co_await db.query(kAll, exam_id);
  co_return core::pg::all_rows(r, attempt_rows::read);
}

asio::awaitable<std::vector<AttemptAnswer>> answers_to(Transaction& tx, const std::string& exam_id,
                                                       const std::string& question_id) {
  auto r = co_await tx.query(kAnswersTo, exam_id, question_id);
  co_return core::pg::all_rows(r, [](const core::pg::Columns& c, int row) {
    return AttemptAnswer{c.get<std::string>(row, "attempt_id"), c.get<std::string>(row, "answer")};
  });
}

asio::awaitable<std::vector<Answered>> answered(Pool& db, const std::string& exam_id) {
  auto r = co_await db.query(kAnswered, exam_id);
  co_return core::pg::all_rows(r, [](const core::pg::Columns& c, int row) {
    return Answered{c.get<std::string>(row, "attempt_id"), c.get<std::string>(row, "question_id")};
  });
}

asio::awaitable<std::vector<std::string>> unreleased_students(Transaction& tx,
                                                              const std::string& exam_id) {
  auto r = co_await tx.query(kUnreleased, exam_id);
  co_return core::pg::all_rows(
      r, [](const core::pg::Columns& c, int row) { return c.get<std::string>(row, "student_id"); });
}

asio::awaitable<Time> release_exam(Transaction& tx, const std::string& exam_id) {
  auto r = co_await tx.query(kReleaseExam, exam_id);
  core::pg::require_row(r, "exam");
  co_return r.get<std::string>(0, "released_at");
}

}  // namespace classroom::exams::result_store
