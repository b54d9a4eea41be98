#include "services/exams/stores/exam_store.hpp"

#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::exams::exam_store {

namespace {

using core::pg::hundredths;
using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

constexpr core::pg::Sql kColumns =
    join<"e.id::text AS id, e.course_id::text AS course_id, e.title, e.description, e.state, ",
         utc<"e.opens_at">, " AS opens_at, ", utc<"e.closes_at">,
         " AS closes_at, e.time_limit_minutes, e.max_attempts, e.grading_policy, "
         "e.shuffle_questions, e.shuffle_options, e.result_release, e.show_correct_answers, "
         "e.sections::text AS sections, ",
         hundredths<"e.max_points">, " AS max_points, e.created_by::text AS created_by, ",
         utc<"e.published_at">, " AS published_at, ", utc<"e.closed_at">, " AS closed_at, ",
         utc<"e.released_at">, " AS released_at, e.version, ", utc<"e.created_at">,
         " AS created_at, ", utc<"e.updated_at">, " AS updated_at">;

// $2.. the fields in Fields' order.
constexpr Query kInsert{
    "exams_insert_exam",
    join<"INSERT INTO exams AS e (id, course_id, title, description, opens_at, closes_at, "
         "time_limit_minutes, max_attempts, grading_policy, shuffle_questions, shuffle_options, "
         "result_release, show_correct_answers, sections, max_points, created_by) "
         "VALUES ($1::uuid, $2::uuid, $3, $4, $5::timestamptz, $6::timestamptz, $7::int, $8::int, "
         "$9, $10::boolean, $11::boolean, $12, $13::boolean, $14::jsonb, $15::bigint / 100.0, "
         "$16::uuid) RETURNING ",
         kColumns>.text};

constexpr Query kSelect{"exams_select_exam",
                        join<"SELECT ", kColumns, " FROM exams e WHERE e.id = $1::uuid">.text};

constexpr Query kSelectForUpdate{
    "exams_select_exam_for_update",
    join<"SELECT ", kColumns, " FROM exams e WHERE e.id = $1::uuid FOR UPDATE">.text};

constexpr Query kSelectForShare{
    "exams_select_exam_for_share",
    join<"SELECT ", kColumns, " FROM exams e WHERE e.id = $1::uuid FOR SHARE">.text};

constexpr Query kList{
    "exams_list_exams",
    join<"SELECT ", kColumns,
         " FROM exams e WHERE e.course_id = $1::uuid AND e.state = ANY($2::text[]) "
         "AND ($3::uuid IS NULL OR e.id < $3::uuid) ORDER BY e.id DESC LIMIT $4">.text};

constexpr Query kUpdate{
    "exams_update_exam",
    join<"UPDATE exams e SET title = $2, description = $3, opens_at = $4::timestamptz, "
         "closes_at = $5::timestamptz, time_limit_minutes = $6::int, max_attempts = $7::int, "
         "grading_policy = $8, shuffle_questions = $9::boolean, shuffle_options = $10::boolean, "
         "result_release = $11, show_correct_answers = $12::boolean, sections = $13::jsonb, "
         "max_points = $14::bigint / 100.0, version = version + 1, updated_at = now() "
         "WHERE id = $1::uuid RETURNING ",
         kColumns>.text};

// The moment of the change is kept: published_at, closed_at.
constexpr Query kChangeState{
    "exams_change_exam_state",
    join<"UPDATE exams e SET state = $3, "
         "published_at = CASE WHEN $3 = 'PUBLISHED' THEN now() ELSE published_at END, "
         "closed_at = CASE WHEN $3 = 'CLOSED' THEN now() ELSE closed_at END, "
         "version = version + 1, updated_at = now() "
         "WHERE id = $1::uuid AND state = $2 RETURNING ",
         kColumns>.text};

constexpr Query kCloseDue{
    "exams_close_due_exams",
    join<"UPDATE exams e SET state = 'CLOSED', closed_at = e.closes_at, version = version + 1, "
         "updated_at = now() WHERE e.id IN (SELECT id FROM exams WHERE state = 'PUBLISHED' "
         "AND closes_at <= now() ORDER BY closes_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
         "RETURNING ",
         kColumns>.text};

constexpr Query kOpeningSoon{
    "exams_opening_soon",
    join<"SELECT ", kColumns,
         " FROM exams e WHERE e.state = 'PUBLISHED' AND e.opens_at > now() "
         "AND e.opens_at <= now() + make_interval(secs => $1::int) "
         "AND e.opening_notified_for IS DISTINCT FROM e.opens_at ORDER BY e.opens_at LIMIT $2">
        .text};

constexpr Query kMarkOpeningTold{
    "exams_mark_opening_told",
    "UPDATE exams SET opening_notified_for = opens_at WHERE id = $1::uuid "
    "AND opens_at = $2::timestamptz AND opening_notified_for IS DISTINCT FROM opens_at "
    "RETURNING id"};

constexpr Query kDelete{"exams_delete_exam", "DELETE FROM exams WHERE id = $1::uuid"};

Exam exam(const core::pg::Columns& r, int row) {
  return Exam{r.get<std::string>(row, "id"),
              r.get<std::string>(row, "course_id"),
              r.get<std::string>(row, "title"),
              r.get<std::optional<std::string>>(row, "description"),
              r.get<std::string>(row, "state"),
              r.get<std::optional<std::string>>(row, "opens_at"),
              r.get<std::optional<std::string>>(row, "closes_at"),
              r.get<std::optional<int>>(row, "time_limit_minutes"),
              r.get<int>(row, "max_attempts"),
              r.get<std::string>(row, "grading_policy"),
              r.get<bool>(row, "shuffle_questions"),
              r.get<bool>(row, "shuffle_options"),
              r.get<std::string>(row, "result_release"),
              r.get<bool>(row, "show_correct_answers"),
              r.get<std::string>(row, "sections"),
              r.get<std::int64_t>(row, "max_points"),
              r.get<std::string>(row, "created_by"),
              r.get<std::optional<std::string>>(row, "published_at"),
              r.get<std::optional<std::string>>(row, "closed_at"),
              r.get<std::optional<std::string>>(row, "released_at"),
              r.get<std::int64_t>(row, "version"),
              r.get<std::string>(row, "created_at"),
              r.get<std::string>(row, "updated_at")};
}

std::optional<Exam> first(const Result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return exam(r, 0);
}

}  // namespace

Fields fields_of(const Exam& e) {
  return Fields{e.title,          e.description,          e.opens_at,
                e.closes_at,      e.time_limit_minutes,   e.max_attempts,
                e.grading_policy, e.shuffle_questions,    e.shuffle_options,
                e.result_release, e.show_correct_answers, e.sections_json,
                e.max_points};
}

asio::awaitable<Exam> insert(Transaction& tx, const std::string& id, const std::string& course_id,
                             const Fields& f, const std::string& created_by) {
  auto r = co_await tx.query(kInsert, id, course_id, f.title, f.description, f.opens_at,
                             f.closes_at, f.time_limit_minutes, f.max_attempts, f.grading_policy,
                             f.shuffle_questions, f.shuffle_options, f.result_release,
                             f.show_correct_answers, f.sections_json, f.max_points, created_by);
  co_return exam(r, 0);
}

asio::awaitable<std::optional<Exam>> find(Pool& db, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await db.query(kSelect, id);
  co_return first(r);
}

asio::awaitable<std::optional<Exam>> find(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kSelect, id);
  co_return first(r);
}

asio::awaitable<std::optional<Exam>> lock(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kSelectForUpdate, id);
  co_return first(r);
}

asio::awaitable<std::optional<Exam>> share(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kSelectForShare, id);
  co_return first(r);
}

asio::awaitable<std::vector<Exam>> list(Pool& db, const std::string& course_id,
                                        const std::vector<std::string>& states,
                                        const std::optional<std::string>& cursor, int limit) {
  auto r = co_await db.query(kList, course_id, core::pg::text_array(states), cursor, limit);
  co_return core::pg::all_rows(r, exam);
}

asio::awaitable<Exam> update(Transaction& tx, const std::string& id, const Fields& f) {
  auto r = co_await tx.query(kUpdate, id, f.title, f.description, f.opens_at, f.closes_at,
                             f.time_limit_minutes, f.max_attempts, f.grading_policy,
                             f.shuffle_questions, f.shuffle_options, f.result_release,
                             f.show_correct_answers, f.sections_json, f.max_points);
  core::pg::require_row(r, "exam");
  co_return exam(r, 0);
}

asio::awaitable<std::optional<Exam>> change_state(Transaction& tx, const std::string& id,
                                                  std::string_view from, std::string_view to) {
  auto r = co_await tx.query(kChangeState, id, from, to);
  co_return first(r);
}

asio::awaitable<std::vector<Exam>> close_due(Transaction& tx, int limit) {
  auto r = co_await tx.query(kCloseDue, limit);
  co_return core::pg::all_rows(r, exam);
}

asio::awaitable<void> remove(Transaction& tx, const std::string& id) {
  co_await tx.query(kDelete, id);
}

asio::awaitable<std::vector<Exam>> opening_soon(Pool& db, int ahead_seconds, int limit) {
  auto r = co_await db.query(kOpeningSoon, ahead_seconds, limit);
  co_return core::pg::all_rows(r, exam);
}

asio::awaitable<bool> mark_opening_told(Transaction& tx, const std::string& id,
                                        const std::string& opens_at) {
  auto r = co_await tx.query(kMarkOpeningTold, id, opens_at);
  co_return !r.empty();
}

}  // namespace classroom::exams::exam_store
