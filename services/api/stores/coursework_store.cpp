#include "services/api/stores/coursework_store.hpp"

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "services/api/stores/rules.hpp"
#include "services/api/stores/store.hpp"

namespace classroom::api::coursework_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

constexpr core::pg::Sql kColumns = join<
    "cw.id::text AS id, cw.course_id::text AS course_id, cw.author_id::text AS author_id, "
    "cw.title, cw.description, cw.work_type, cw.topic_id::text AS topic_id, ",
    core::pg::hundredths<"cw.max_points">, " AS max_points, ", utc<"cw.due_at">,
    " AS due_at, cw.materials::text AS materials, cw.state, ", utc<"cw.scheduled_at">,
    " AS scheduled_at, ", utc<"cw.published_at">,
    " AS published_at, array_to_string(cw.assignees, ',') AS assignees, "
    "cw.assignees IS NULL AS for_everyone, cw.version, ",
    utc<"cw.created_at">, " AS created_at, ", utc<"cw.updated_at">, " AS updated_at">;

// $7 max points in hundredths; $11 assignees as an array literal or NULL.
constexpr Query kInsertCoursework{
    "api_insert_coursework",
    join<"INSERT INTO coursework AS cw (id, course_id, author_id, title, description, work_type, "
         "max_points, due_at, materials, state, scheduled_at, assignees, topic_id) "
         "VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::numeric / 100, $8::timestamptz, "
         "$9::jsonb, 'DRAFT', $10::timestamptz, $11::uuid[], $12::uuid) RETURNING ",
         kColumns>.text};

// What `$3` sees (published work given to them; NULL: everything).
constexpr Query kSelectVisibleCoursework{
    "api_select_visible_coursework",
    join<"SELECT ", kColumns,
         " FROM coursework cw WHERE cw.course_id = $1::uuid AND cw.id = $2::uuid AND "
         "($3::uuid IS NULL OR (cw.state = 'PUBLISHED' AND ",
         stores::given_to<"$3::uuid">, "))">.text};

constexpr Query kSelectCourseworkForUpdate{
    "api_select_coursework_for_update",
    join<"SELECT ", kColumns,
         " FROM coursework cw WHERE cw.course_id = $1::uuid AND cw.id = $2::uuid "
         "FOR UPDATE">.text};

// A course without coursework is one row of NULLs but for the generation.
constexpr Query kSelectCourseworkList{
    "api_select_coursework_list",
    join<"SELECT ", kColumns,
         ", c.coursework_generation FROM courses c "
         "LEFT JOIN coursework cw ON cw.course_id = c.id WHERE c.id = $1::uuid "
         "ORDER BY cw.id DESC">.text};

constexpr Query kUpdateCoursework{
    "api_update_coursework",
    join<"UPDATE coursework cw SET title = $2, description = $3, max_points = $4::numeric / 100, "
         "due_at = $5::timestamptz, materials = $6::jsonb, scheduled_at = $7::timestamptz, "
         "assignees = $8::uuid[], topic_id = $9::uuid, version = version + 1, "
         "updated_at = now() WHERE cw.id = $1::uuid RETURNING ",
         kColumns>.text};

constexpr Query kPublishCoursework{
    "api_publish_coursework",
    join<"UPDATE coursework cw SET state = 'PUBLISHED', published_at = now(), "
         "scheduled_at = NULL, version = version + 1, updated_at = now() "
         "WHERE cw.id = $1::uuid AND cw.state = 'DRAFT' RETURNING ",
         kColumns>.text};

constexpr auto kGivenToMember = stores::given_to<"m.user_id">;

constexpr Query kAddAssigneeSubmissions{
    "api_add_assignee_submissions",
    join<"INSERT INTO submissions (id, coursework_id, course_id, student_id) "
         "SELECT uuid_v7(), cw.id, cw.course_id, m.user_id FROM coursework cw "
         "JOIN members m ON m.course_id = cw.course_id AND m.role = 'student' "
         "WHERE cw.id = $1::uuid AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' "
         "AND ",
         kGivenToMember, " ON CONFLICT (coursework_id, student_id) DO NOTHING">.text};

constexpr Query kSelectAssigneeIds{
    "api_select_assignee_ids",
    join<"SELECT m.user_id::text AS user_id FROM coursework cw "
         "JOIN members m ON m.course_id = cw.course_id AND m.role = 'student' "
         "WHERE cw.id = $1::uuid AND ",
         kGivenToMember, " ORDER BY m.user_id">.text};

// Published coursework of an active course due within $1 seconds whose
// students have not been reminded of this due date.
constexpr core::pg::Sql kRemindable =
    "c.id = cw.course_id AND c.state = 'ACTIVE' AND cw.state = 'PUBLISHED' "
    "AND cw.due_at > now() AND cw.due_at <= now() + make_interval(secs => $1::int) "
    "AND cw.due_notified_for IS DISTINCT FROM cw.due_at";

constexpr Query kSelectDueSoon{
    "api_select_due_soon",
    join<"SELECT cw.id::text AS id FROM coursework cw, courses c WHERE ", kRemindable,
         " ORDER BY cw.due_at LIMIT $2">.text};

constexpr Query kMarkDueTold{
    "api_mark_due_told",
    join<"UPDATE coursework cw SET due_notified_for = cw.due_at FROM courses c "
         "WHERE cw.id = $2::uuid AND ",
         kRemindable, " RETURNING cw.course_id::text AS course_id, cw.title, ",
         utc<"cw.due_at">, " AS due_at, c.name AS course_name">.text};

constexpr Query kSelectNotTurnedInIds{
    "api_select_not_turned_in_ids",
    join<"SELECT m.user_id::text AS user_id FROM coursework cw "
         "JOIN members m ON m.course_id = cw.course_id AND m.role = 'student' "
         "WHERE cw.id = $1::uuid AND ",
         kGivenToMember,
         " AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.coursework_id = cw.id "
         "AND s.student_id = m.user_id AND ",
         stores::kTurnedIn, ") ORDER BY m.user_id">.text};

constexpr Query kDeleteCoursework{"api_delete_coursework",
                                  "DELETE FROM coursework WHERE course_id = $1::uuid "
                                  "AND id = $2::uuid AND ($3::bigint IS NULL OR version = $3) "
                                  "RETURNING id"};

std::vector<std::string> split_ids(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

Coursework coursework(const core::pg::Columns& r, int row) {
  Coursework cw;
  cw.id = r.get<std::string>(row, "id");
  cw.course_id = r.get<std::string>(row, "course_id");
  cw.author_id = r.get<std::string>(row, "author_id");
  cw.title = r.get<std::string>(row, "title");
  cw.description = r.get<std::optional<std::string>>(row, "description");
  cw.work_type = r.get<std::string>(row, "work_type");
  cw.topic_id = r.get<std::optional<std::string>>(row, "topic_id");
  cw.max_points = r.get<std::optional<std::int64_t>>(row, "max_points");
  cw.due_at = r.get<std::optional<std::string>>(row, "due_at");
  cw.materials = stores::links(r.get<std::string>(row, "materials"));
  cw.state = r.get<std::string>(row, "state");
  cw.scheduled_at = r.get<std::optional<std::string>>(row, "scheduled_at");
  cw.published_at = r.get<std::optional<std::string>>(row, "published_at");
  if (!r.get<bool>(row, "for_everyone")) {
    cw.assignees = split_ids(r.get<std::string>(row, "assignees"));
  }
  cw.version = r.get<std::int64_t>(row, "version");
  cw.created_at = r.get<std::string>(row, "created_at");
  cw.updated_at = r.get<std::string>(row, "updated_at");
  return cw;
}

std::optional<std::string> assignee_array(const Fields& f) {
  if (!f.assignees) {
    return std::nullopt;
  }
  return core::pg::uuid_array(*f.assignees);
}

// The topic may be deleted while a write runs.
asio::awaitable<Result> topic_kept(asio::awaitable<Result> write) {
  return core::pg::refused_as(std::move(write), core::pg::Refusal::kForeignKeyViolation,
                              core::invalid_field("topicId", "is not a topic of this course"));
}

template <class Db>
asio::awaitable<Coursework> select_visible(Db& db, const std::string& course_id,
                                           std::string_view id,
                                           const std::optional<std::string>& student) {
  if (!core::is_uuid(id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such coursework");
  }
  Result r = co_await db.query(kSelectVisibleCoursework, course_id, id, student);
  core::pg::require_row(r, "coursework");
  co_return coursework(r, 0);
}

std::string user_id(const core::pg::Columns& rows, int row) {
  return rows.get<std::string>(row, "user_id");
}

}  // namespace

asio::awaitable<Coursework> insert(Transaction& tx, const std::string& course_id,
                                   const std::string& author_id, const Fields& f) {
  // Named before the co_await (GCC 12, docs/decisions.md).
  std::string id = core::new_uuid();
  auto assignees = assignee_array(f);
  auto materials = stores::links_json(f.materials);
  auto r = co_await topic_kept(tx.query(kInsertCoursework, id, course_id, author_id, f.title,
                                        f.description, f.work_type, f.max_points, f.due_at,
                                        materials, f.scheduled_at, assignees, f.topic_id));
  co_return coursework(r, 0);
}

asio::awaitable<Coursework> update(Transaction& tx, const std::string& id, const Fields& f) {
  auto assignees = assignee_array(f);
  auto materials = stores::links_json(f.materials);
  auto r =
      co_await topic_kept(tx.query(kUpdateCoursework, id, f.title, f.description, f.max_points,
                                   f.due_at, materials, f.scheduled_at, assignees, f.topic_id));
  co_return coursework(r, 0);
}

asio::awaitable<Coursework> find_visible(Pool& db, const std::string& course_id,
                                         std::string_view id,
                                         const std::optional<std::string>& student) {
  return select_visible(db, course_id, id, student);
}

asio::awaitable<Coursework> find_visible(Transaction& tx, const std::string& course_id,
                                         std::string_view id,
                                         const std::optional<std::string>& student) {
  return select_visible(tx, course_id, id, student);
}

asio::awaitable<Coursework> lock(Transaction& tx, const std::string& course_id,
                                 const std::string& id) {
  auto r = co_await tx.query(kSelectCourseworkForUpdate, course_id, id);
  core::pg::require_row(r, "coursework");
  co_return coursework(r, 0);
}

asio::awaitable<std::optional<Snapshot>> list(Pool& db, const std::string& course_id) {
  auto r = co_await db.query(kSelectCourseworkList, course_id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  Snapshot snapshot;
  snapshot.generation = r.get<std::int64_t>(0, "coursework_generation");
  snapshot.items.reserve(static_cast<std::size_t>(r.rows()));
  core::pg::Columns columns(r);
  for (int i = 0; i < r.rows(); ++i) {
    if (!columns.is_null(i, "id")) {  // else the one row of a course without coursework
      snapshot.items.push_back(coursework(columns, i));
    }
  }
  co_return snapshot;
}

asio::awaitable<std::optional<Coursework>> publish(Transaction& tx, const std::string& id) {
  auto r = co_await tx.query(kPublishCoursework, id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return coursework(r, 0);
}

asio::awaitable<void> add_assignee_submissions(Transaction& tx, const std::string& id) {
  co_await tx.query(kAddAssigneeSubmissions, id);
}

asio::awaitable<std::vector<std::string>> assignee_ids(Transaction& tx, const std::string& cw_id) {
  co_return core::pg::all_rows(co_await tx.query(kSelectAssigneeIds, cw_id), user_id);
}

asio::awaitable<std::vector<std::string>> due_soon(Pool& db, int ahead_seconds, int limit) {
  auto r = co_await db.query(kSelectDueSoon, ahead_seconds, limit);
  co_return core::pg::all_rows(
      r, [](const core::pg::Columns& rows, int row) { return rows.get<std::string>(row, "id"); });
}

asio::awaitable<std::optional<DueSoon>> mark_due_told(Transaction& tx, const std::string& id,
                                                      int ahead_seconds) {
  auto r = co_await tx.query(kMarkDueTold, ahead_seconds, id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return DueSoon{r.get<std::string>(0, "course_id"), r.get<std::string>(0, "title"),
                    r.get<std::string>(0, "due_at"), r.get<std::string>(0, "course_name")};
}

asio::awaitable<std::vector<std::string>> not_turned_in_ids(Transaction& tx,
                                                            const std::string& cw_id) {
  co_return core::pg::all_rows(co_await tx.query(kSelectNotTurnedInIds, cw_id), user_id);
}

asio::awaitable<void> remove(Transaction& tx, const std::string& course_id, const std::string& id,
                             std::optional<std::int64_t> version) {
  auto r = co_await tx.query(kDeleteCoursework, course_id, id, version);
  if (r.empty()) {
    core::http::changed_or_gone("coursework", version);
  }
}

}  // namespace classroom::api::coursework_store
