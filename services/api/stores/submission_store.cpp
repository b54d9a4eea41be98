#include "services/api/stores/submission_store.hpp"

#include <unordered_map>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "services/api/domain/grading.hpp"
#include "services/api/stores/rules.hpp"
#include "services/api/stores/store.hpp"

namespace classroom::api::submission_store {

namespace {

using core::pg::hundredths;
using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

// `s` a submission, `cw` its coursework.
constexpr core::pg::Sql kColumns = join<
    "s.id::text AS id, s.coursework_id::text AS coursework_id, s.course_id::text AS course_id, "
    "s.student_id::text AS student_id, s.state, ",
    stores::kLate, " AS late, ", utc<"s.turned_in_at">, " AS turned_in_at, ",
    hundredths<"s.draft_grade">, " AS draft_grade, ", hundredths<"s.assigned_grade">,
    " AS assigned_grade, s.text, s.links::text AS links, s.version, ", utc<"s.created_at">,
    " AS created_at, ", utc<"s.updated_at">, " AS updated_at, s.student_version, ",
    utc<"s.student_updated_at">, " AS student_updated_at">;

constexpr core::pg::Sql kFrom =
    " FROM submissions s JOIN coursework cw ON cw.id = s.coursework_id ";

// $2 student, $3 state, $4 late; $5 cursor.
constexpr Query kListSubmissions{
    "api_list_submissions",
    join<"SELECT ", kColumns, kFrom,
         "WHERE s.coursework_id = $1::uuid AND ($2::uuid IS NULL OR s.student_id = $2::uuid) "
         "AND ($3::text IS NULL OR s.state = $3) AND ($4::boolean IS NULL OR ",
         stores::kLate,
         " = $4) AND ($5::uuid IS NULL OR s.id < $5::uuid) ORDER BY s.id DESC LIMIT $6">.text};

constexpr Query kSelectSubmission{
    "api_select_submission",
    join<"SELECT ", kColumns, kFrom, "WHERE s.coursework_id = $1::uuid AND s.id = $2::uuid">.text};

constexpr Query kSelectSubmissionForUpdate{
    "api_select_submission_for_update",
    join<"SELECT ", kColumns, kFrom,
         "WHERE s.coursework_id = $1::uuid AND s.id = $2::uuid FOR UPDATE OF s">.text};

constexpr Query kSelectStudentSubmissionForUpdate{
    "api_select_student_submission_for_update",
    join<"SELECT ", kColumns, kFrom,
         "WHERE s.coursework_id = $1::uuid AND s.student_id = $2::uuid FOR UPDATE OF s">.text};

// $3 sets turned_in_at to now (a turn-in); $8 is a change the student sees.
constexpr Query kWriteSubmission{
    "api_write_submission",
    join<"UPDATE submissions s SET state = $2, "
         "turned_in_at = CASE WHEN $3 THEN now() ELSE s.turned_in_at END, "
         "text = $4, links = $5::jsonb, draft_grade = $6::numeric / 100, "
         "assigned_grade = $7::numeric / 100, version = s.version + 1, updated_at = now(), "
         "student_version = s.student_version + CASE WHEN $8 THEN 1 ELSE 0 END, "
         "student_updated_at = CASE WHEN $8 THEN now() ELSE s.student_updated_at END "
         "FROM coursework cw WHERE s.id = $1::uuid AND cw.id = s.coursework_id RETURNING ",
         kColumns>.text};

constexpr Query kAppendHistory{
    "api_append_history",
    "INSERT INTO submission_history (submission_id, actor_id, kind, state, grade) "
    "VALUES ($1::uuid, $2::uuid, $3, $4, $5::numeric / 100)"};

// The history of the submissions in $1 (an array literal), oldest first.
constexpr Query kSelectHistory{
    "api_select_history",
    join<"SELECT submission_id::text AS submission_id, ", utc<"at">,
         " AS at, actor_id::text AS actor_id, kind, state, ", hundredths<"grade">,
         " AS grade FROM submission_history WHERE submission_id = ANY($1::uuid[]) "
         "ORDER BY seq">.text};

Submission submission(const core::pg::Columns& r, int row) {
  Submission s;
  s.id = r.get<std::string>(row, "id");
  s.coursework_id = r.get<std::string>(row, "coursework_id");
  s.course_id = r.get<std::string>(row, "course_id");
  s.student_id = r.get<std::string>(row, "student_id");
  s.state = r.get<std::string>(row, "state");
  s.late = r.get<bool>(row, "late");
  s.turned_in_at = r.get<std::optional<std::string>>(row, "turned_in_at");
  s.draft_grade = r.get<std::optional<std::int64_t>>(row, "draft_grade");
  s.assigned_grade = r.get<std::optional<std::int64_t>>(row, "assigned_grade");
  s.text = r.get<std::string>(row, "text");
  s.links = stores::links(r.get<std::string>(row, "links"));
  s.version = r.get<std::int64_t>(row, "version");
  s.created_at = r.get<std::string>(row, "created_at");
  s.updated_at = r.get<std::string>(row, "updated_at");
  s.student_version = r.get<std::int64_t>(row, "student_version");
  s.student_updated_at = r.get<std::string>(row, "student_updated_at");
  return s;
}

Submission found(const Result& r, std::string_view message) {
  if (r.empty()) {
    throw core::Error(core::ErrorCode::kNotFound, std::string(message));
  }
  return submission(r, 0);
}

void require_id(std::string_view id) {
  if (!core::is_uuid(id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such submission");
  }
}

}  // namespace

asio::awaitable<std::vector<Submission>> list(Pool& db, const std::string& cw_id,
                                              const Filter& filter,
                                              const std::optional<std::string>& cursor, int count) {
  auto r = co_await db.query(kListSubmissions, cw_id, filter.student, filter.state, filter.late,
                             cursor, count);
  co_return core::pg::all_rows(r, submission);
}

asio::awaitable<Submission> find(Pool& db, const std::string& cw_id, std::string_view id) {
  require_id(id);
  co_return found(co_await db.query(kSelectSubmission, cw_id, id), "no such submission");
}

asio::awaitable<Submission> lock(Transaction& tx, const std::string& cw_id, std::string_view id) {
  require_id(id);
  co_return found(co_await tx.query(kSelectSubmissionForUpdate, cw_id, id), "no such submission");
}

asio::awaitable<Submission> lock_of_student(Transaction& tx, const std::string& cw_id,
                                            const std::string& student_id) {
  if (!core::is_uuid(student_id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no submission of this student");
  }
  co_return found(co_await tx.query(kSelectStudentSubmissionForUpdate, cw_id, student_id),
                  "no submission of this student");
}

asio::awaitable<Submission> write(Transaction& tx, const Submission& before,
                                  const Submission& after, const std::string& actor_id) {
  bool turned_in = after.state == "TURNED_IN" && before.state != "TURNED_IN";
  bool seen_by_student = actor_id == before.student_id || student_sees_change(before, after);
  auto links = stores::links_json(after.links);
  auto r = co_await tx.query(kWriteSubmission, before.id, after.state, turned_in, after.text, links,
                             after.draft_grade, after.assigned_grade, seen_by_student);
  if (after.draft_grade != before.draft_grade) {
    co_await tx.query(kAppendHistory, before.id, actor_id, "DRAFT", std::nullopt,
                      after.draft_grade);
  }
  if (after.assigned_grade != before.assigned_grade) {
    co_await tx.query(kAppendHistory, before.id, actor_id, "ASSIGNED", std::nullopt,
                      after.assigned_grade);
  }
  if (after.state != before.state) {
    std::string state = after.state;
    co_await tx.query(kAppendHistory, before.id, actor_id, "STATE", state, std::nullopt);
  }
  co_return submission(r, 0);
}

asio::awaitable<void> load_history(Pool& db, std::vector<Submission>& submissions) {
  if (submissions.empty()) {
    co_return;
  }
  std::vector<std::string> ids;
  std::unordered_map<std::string, Submission*> by_id;
  for (auto& s : submissions) {
    ids.push_back(s.id);
    by_id.emplace(s.id, &s);
  }
  auto array = core::pg::uuid_array(ids);
  auto r = co_await db.query(kSelectHistory, array);
  for (int i = 0; i < r.rows(); ++i) {
    by_id.at(r.get<std::string>(i, "submission_id"))
        ->history.push_back(HistoryEntry{
            r.get<std::string>(i, "at"), r.get<std::string>(i, "actor_id"),
            r.get<std::string>(i, "kind"), r.get<std::optional<std::string>>(i, "state"),
            r.get<std::optional<std::int64_t>>(i, "grade")});
  }
}

}  // namespace classroom::api::submission_store
