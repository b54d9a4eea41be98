#include "services/exams/stores/bank_store.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::exams::bank_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

constexpr core::pg::Sql kColumns = join<
    "q.id::text AS id, q.course_id::text AS course_id, q.question::text AS question, "
    "q.created_by::text AS created_by, q.version, ",
    utc<"q.created_at">, " AS created_at, ", utc<"q.updated_at">, " AS updated_at">;

constexpr Query kInsert{
    "exams_insert_bank_question",
    join<"INSERT INTO bank_questions AS q (id, course_id, question, tags, created_by) "
         "VALUES ($1::uuid, $2::uuid, $3::jsonb, $4::text[], $5::uuid) RETURNING ",
         kColumns>.text};

constexpr Query kSelect{
    "exams_select_bank_question",
    join<"SELECT ", kColumns, " FROM bank_questions q WHERE q.id = $1::uuid">.text};

constexpr Query kSelectForUpdate{
    "exams_select_bank_question_for_update",
    join<"SELECT ", kColumns, " FROM bank_questions q WHERE q.id = $1::uuid FOR UPDATE">.text};

constexpr Query kList{
    "exams_list_bank_questions",
    join<"SELECT ", kColumns,
         " FROM bank_questions q WHERE q.course_id = $1::uuid "
         "AND ($2::text IS NULL OR q.tags @> ARRAY[$2::text]) "
         "AND ($3::uuid IS NULL OR q.id < $3::uuid) ORDER BY q.id DESC LIMIT $4">.text};

constexpr Query kCountTagged{"exams_count_tagged_questions",
                             "SELECT count(*) AS n FROM bank_questions WHERE course_id = $1::uuid "
                             "AND tags @> ARRAY[$2::text]"};

constexpr Query kIdsTagged{"exams_bank_ids_tagged",
                           "SELECT id::text AS id FROM bank_questions WHERE course_id = $1::uuid "
                           "AND tags @> ARRAY[$2::text] ORDER BY id"};

constexpr Query kFindMany{
    "exams_bank_find_many",
    join<"SELECT ", kColumns,
         " FROM bank_questions q WHERE q.course_id = $1::uuid AND q.id = ANY($2::uuid[])">.text};

constexpr Query kUpdate{
    "exams_update_bank_question",
    join<"UPDATE bank_questions q SET question = $2::jsonb, tags = $3::text[], "
         "version = version + 1, updated_at = now() WHERE id = $1::uuid RETURNING ",
         kColumns>.text};

constexpr Query kDelete{"exams_delete_bank_question",
                        "DELETE FROM bank_questions WHERE id = $1::uuid"};

BankQuestion question(const core::pg::Columns& r, int row) {
  return BankQuestion{r.get<std::string>(row, "id"),        r.get<std::string>(row, "course_id"),
                      r.get<std::string>(row, "question"),  r.get<std::string>(row, "created_by"),
                      r.get<std::int64_t>(row, "version"),  r.get<std::string>(row, "created_at"),
                      r.get<std::string>(row, "updated_at")};
}

std::optional<BankQuestion> first(const Result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return question(r, 0);
}

}  // namespace

asio::awaitable<BankQuestion> insert(Transaction& tx, const std::string& id,
                                     const std::string& course_id, const std::string& question_json,
                                     const std::vector<std::string>& tags,
                                     const std::string& created_by) {
  auto r = co_await core::pg::refused_as(
      tx.query(kInsert, id, course_id, question_json, core::pg::text_array(tags), created_by),
      core::pg::Refusal::kUniqueViolation,
      core::Error(core::ErrorCode::kAlreadyExists, "a question with this id exists"));
  co_return question(r, 0);
}

asio::awaitable<std::optional<BankQuestion>> find(Pool& db, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await db.query(kSelect, id);
  co_return first(r);
}

asio::awaitable<std::optional<BankQuestion>> lock(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kSelectForUpdate, id);
  co_return first(r);
}

asio::awaitable<std::vector<BankQuestion>> list(Pool& db, const std::string& course_id,
                                                const std::optional<std::string>& tag,
                                                const std::optional<std::string>& cursor,
                                                int limit) {
  auto r = co_await db.query(kList, course_id, tag, cursor, limit);
  co_return core::pg::all_rows(r, question);
}

asio::awaitable<int> count_tagged(Transaction& tx, const std::string& course_id,
                                  const std::string& tag) {
  auto r = co_await tx.query(kCountTagged, course_id, tag);
  co_return static_cast<int>(r.get<std::int64_t>(0, "n"));
}

asio::awaitable<std::vector<std::string>> ids_tagged(Transaction& tx, const std::string& course_id,
                                                     const std::string& tag) {
  auto r = co_await tx.query(kIdsTagged, course_id, tag);
  co_return core::pg::all_rows(
      r, [](const core::pg::Columns& c, int row) { return c.get<std::string>(row, "id"); });
}

asio::awaitable<std::vector<BankQuestion>> find_many(Transaction& tx, const std::string& course_id,
                                                     const std::vector<std::string>& ids) {
  auto r = co_await tx.query(kFindMany, course_id, core::pg::uuid_array(ids));
  co_return core::pg::all_rows(r, question);
}

asio::awaitable<BankQuestion> update(Transaction& tx, const std::string& id,
                                     const std::string& question_json,
                                     const std::vector<std::string>& tags) {
  auto r = co_await tx.query(kUpdate, id, question_json, core::pg::text_array(tags));
  core::pg::require_row(r, "question");
  co_return question(r, 0);
}

asio::awaitable<void> remove(Transaction& tx, const std::string& id) {
  co_await tx.query(kDelete, id);
}

}  // namespace classroom::exams::bank_store
