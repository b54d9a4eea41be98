#include "services/exams/stores/attempt_store.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"
#include "services/exams/stores/attempt_rows.hpp"

namespace classroom::exams::attempt_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

constexpr core::pg::Sql kColumns = attempt_rows::kColumns;

constexpr Query kInsert{
    "exams_insert_attempt",
    join<"INSERT INTO attempts AS a (id, exam_id, course_id, student_id, number, deadline, "
         "questions, max_points) VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::int, "
         "$6::timestamptz, $7::jsonb, $8::bigint / 100.0) RETURNING ",
         kColumns>.text};

constexpr Query kSelect{"exams_select_attempt",
                        join<"SELECT ", kColumns, " FROM attempts a WHERE a.id = $1::uuid">.text};

constexpr Query kSelectForUpdate{
    "exams_select_attempt_for_update",
    join<"SELECT ", kColumns, " FROM attempts a WHERE a.id = $1::uuid FOR UPDATE">.text};

constexpr Query kSelectForShare{
    "exams_select_attempt_for_share",
    join<"SELECT ", kColumns, " FROM attempts a WHERE a.id = $1::uuid FOR SHARE">.text};

constexpr Query kInProgress{
    "exams_select_attempt_in_progress",
    join<"SELECT ", kColumns,
         " FROM attempts a WHERE a.exam_id = $1::uuid AND a.student_id = $2::uuid "
         "AND a.state = 'IN_PROGRESS'">.text};

constexpr Query kCount{"exams_count_attempts",
                       "SELECT count(*) AS n FROM attempts "
                       "WHERE exam_id = $1::uuid AND student_id = $2::uuid"};

constexpr Query kAny{"exams_any_attempt",
                     "SELECT EXISTS (SELECT 1 FROM attempts WHERE exam_id = $1::uuid) AS any"};

constexpr Query kOpenAttempts{
    "exams_select_open_attempts",
    join<"SELECT ", kColumns,
         " FROM attempts a WHERE a.exam_id = $1::uuid AND a.state = 'IN_PROGRESS' "
         "FOR UPDATE">.text};

constexpr Query kList{
    "exams_list_attempts",
    join<"SELECT ", kColumns,
         " FROM attempts a WHERE a.exam_id = $1::uuid "
         "AND ($2::uuid IS NULL OR a.student_id = $2::uuid) "
         "AND ($3::uuid IS NULL OR a.id < $3::uuid) ORDER BY a.id DESC LIMIT $4">.text};

constexpr core::pg::Sql kAnswerColumns =
    join<"question_id, answer::text AS answer, seq, ", utc<"saved_at">, " AS saved_at">;

constexpr Query kAnswers{
    "exams_select_answers",
    join<"SELECT ", kAnswerColumns, " FROM answers WHERE attempt_id = $1::uuid">.text};

// Written only over a lower seq; the row that stays is read when nothing was.
constexpr Query kSaveAnswer{
    "exams_save_answer",
    join<"INSERT INTO answers AS x (attempt_id, question_id, answer, seq) "
         "VALUES ($1::uuid, $2, $3::jsonb, $4::bigint) "
         "ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = EXCLUDED.answer, "
         "seq = EXCLUDED.seq, saved_at = now() WHERE x.seq < EXCLUDED.seq RETURNING ",
         kAnswerColumns>.text};

constexpr Query kStoredAnswer{
    "exams_select_answer",
    join<"SELECT ", kAnswerColumns,
         " FROM answers WHERE attempt_id = $1::uuid AND question_id = $2">.text};

constexpr Query kFinish{
    "exams_finish_attempt",
    join<"UPDATE attempts a SET state = $2, score = $3::bigint / 100.0, "
         "submitted_at = CASE WHEN $5::boolean THEN least(now(), a.deadline) ELSE now() END, "
         "per_question = $4::jsonb, graded_at = CASE WHEN $2 = 'GRADED' THEN now() END, "
         "version = version + 1 WHERE a.id = $1::uuid RETURNING ",
         kColumns>.text};

constexpr Query kRelease{
    "exams_release_attempts",
    join<"UPDATE attempts a SET released_at = now() WHERE a.exam_id = $1::uuid "
         "AND a.student_id = $2::uuid AND a.state = 'GRADED' RETURNING ",
         kColumns>.text};

constexpr Query kOverdue{
    "exams_select_overdue_attempts",
    join<"SELECT ", kColumns,
         " FROM attempts a WHERE a.state = 'IN_PROGRESS' AND (a.deadline < now() - "
         "make_interval(secs => $1::int) OR (a.deadline IS NULL AND EXISTS (SELECT 1 FROM "
         "exams e WHERE e.id = a.exam_id AND e.state = 'CLOSED'))) "
         "ORDER BY a.deadline NULLS FIRST LIMIT $2">.text};

Attempt attempt(const core::pg::Columns& r, int row) { return attempt_rows::read(r, row); }

SavedAnswer saved_answer(const core::pg::Columns& r, int row) {
  return SavedAnswer{r.get<std::string>(row, "question_id"), r.get<std::string>(row, "answer"),
                     r.get<std::int64_t>(row, "seq"), r.get<std::string>(row, "saved_at")};
}

std::optional<Attempt> first(const Result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return attempt(r, 0);
}

constexpr Query kStudentsInProgress{"exams_students_in_progress",
                                    "SELECT DISTINCT student_id::text AS student_id FROM attempts "
                                    "WHERE exam_id = $1::uuid AND state = 'IN_PROGRESS'"};

}  // namespace

asio::awaitable<Attempt> insert(Transaction& tx, const NewAttempt& a) {
  auto r = co_await core::pg::refused_as(
      tx.query(kInsert, a.id, a.exam_id, a.course_id, a.student_id, a.number, a.deadline,
               a.questions_json, a.max_points),
      core::pg::Refusal::kUniqueViolation,
      core::Error(core::ErrorCode::kAlreadyExists, "an attempt is already in progress"));
  co_return attempt(r, 0);
}

asio::awaitable<std::optional<Attempt>> find(Pool& db, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await db.query(kSelect, id);
  co_return first(r);
}

asio::awaitable<std::optional<Attempt>> lock(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kSelectForUpdate, id);
  co_return first(r);
}

asio::awaitable<std::optional<Attempt>> share(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kSelectForShare, id);
  co_return first(r);
}

asio::awaitable<std::optional<Attempt>> in_progress(Transaction& tx, const std::string& exam_id,
                                                    const std::string& student_id) {
  auto r = co_await tx.query(kInProgress, exam_id, student_id);
  co_return first(r);
}

asio::awaitable<int> count(Transaction& tx, const std::string& exam_id,
                           const std::string& student_id) {
  auto r = co_await tx.query(kCount, exam_id, student_id);
  co_return static_cast<int>(r.get<std::int64_t>(0, "n"));
}

asio::awaitable<bool> any(Transaction& tx, const std::string& exam_id) {
  auto r = co_await tx.query(kAny, exam_id);
  co_return r.get<bool>(0, "any");
}

asio::awaitable<std::vector<Attempt>> open_attempts(Transaction& tx, const std::string& exam_id) {
  auto r = co_await tx.query(kOpenAttempts, exam_id);
  co_return core::pg::all_rows(r, attempt);
}

asio::awaitable<std::vector<Attempt>> list(Pool& db, const std::string& exam_id,
                                           const std::optional<std::string>& student_id,
                                           const std::optional<std::string>& cursor, int limit) {
  auto r = co_await db.query(kList, exam_id, student_id, cursor, limit);
  co_return core::pg::all_rows(r, attempt);
}

asio::awaitable<std::vector<SavedAnswer>> answers(Pool& db, const std::string& attempt_id) {
  auto r = co_await db.query(kAnswers, attempt_id);
  co_return core::pg::all_rows(r, saved_answer);
}

asio::awaitable<std::vector<SavedAnswer>> answers(Transaction& tx, const std::string& attempt_id) {
  auto r = co_await tx.query(kAnswers, attempt_id);
  co_return core::pg::all_rows(r, saved_answer);
}

asio::awaitable<Saved> save_answer(Transaction& tx, const std::string& attempt_id,
                                   const std::string& question_id, const std::string& answer_json,
                                   std::int64_t seq) {
  auto written = co_await tx.query(kSaveAnswer, attempt_id, question_id, answer_json, seq);
  if (!written.empty()) {
    co_return Saved{saved_answer(written, 0), true};
  }
  auto stored = co_await tx.query(kStoredAnswer, attempt_id, question_id);
  co_return Saved{saved_answer(stored, 0), false};
}

asio::awaitable<Attempt> finish(Transaction& tx, const std::string& id, std::string_view state,
                                std::int64_t score, const std::string& per_question_json,
                                bool by_deadline) {
  auto r = co_await tx.query(kFinish, id, state, score, per_question_json, by_deadline);
  core::pg::require_row(r, "attempt");
  co_return attempt(r, 0);
}

asio::awaitable<std::vector<Attempt>> release(Transaction& tx, const std::string& exam_id,
                                              const std::string& student_id) {
  auto r = co_await tx.query(kRelease, exam_id, student_id);
  auto attempts = core::pg::all_rows(r, attempt);
  std::sort(attempts.begin(), attempts.end(),
            [](const Attempt& a, const Attempt& b) { return a.number < b.number; });
  co_return attempts;
}

asio::awaitable<std::vector<Attempt>> overdue(Pool& db, int grace_seconds, int limit) {
  auto r = co_await db.query(kOverdue, grace_seconds, limit);
  co_return core::pg::all_rows(r, attempt);
}

namespace {

// Through the exams of the course, so that the index on attempts in progress
// per exam and student finds them.
constexpr Query kRunning{
    "exams_select_running_attempts",
    join<"SELECT a.id::text AS id, a.exam_id::text AS exam_id, ", utc<"a.started_at">,
         " AS started_at, ", utc<"a.deadline">,
         " AS deadline FROM attempts a WHERE a.state = 'IN_PROGRESS' AND a.student_id = $2::uuid "
         "AND a.exam_id IN (SELECT e.id FROM exams e WHERE e.course_id = $1::uuid "
         "AND ($3::uuid IS NULL OR e.id = $3::uuid)) ORDER BY a.id FOR UPDATE OF a">.text};

constexpr Query kSetDeadline{
    "exams_set_attempt_deadline",
    "UPDATE attempts SET deadline = $2::timestamptz, version = version + 1 "
    "WHERE id = $1::uuid AND state = 'IN_PROGRESS'"};

}  // namespace

asio::awaitable<std::vector<Running>> running(Transaction& tx, const std::string& course_id,
                                              const std::string& student_id,
                                              const std::optional<std::string>& exam_id) {
  auto r = co_await tx.query(kRunning, course_id, student_id, exam_id);
  co_return core::pg::all_rows(r, [](const core::pg::Columns& c, int row) {
    return Running{c.get<std::string>(row, "id"), c.get<std::string>(row, "exam_id"),
                   c.get<std::string>(row, "started_at"),
                   c.get<std::optional<std::string>>(row, "deadline")};
  });
}

asio::awaitable<void> set_deadline(Transaction& tx, const std::string& id,
                                   const std::string& deadline) {
  co_await tx.query(kSetDeadline, id, deadline);
}

asio::awaitable<std::vector<std::string>> students_in_progress(Transaction& tx,
                                                               const std::string& exam_id) {
  auto r = co_await tx.query(kStudentsInProgress, exam_id);
  co_return core::pg::all_rows(
      r, [](const core::pg::Columns& c, int row) { return c.get<std::string>(row, "student_id"); });
}

}  // namespace classroom::exams::attempt_store
