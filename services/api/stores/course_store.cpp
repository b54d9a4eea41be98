#include "services/api/stores/course_store.hpp"

#include <chrono>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::api::course_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

// A fresh code collides with an active course's about once in 10^5 draws at
// 100,000 active courses; a few draws always suffice.
constexpr int kCodeDraws = 5;

constexpr core::pg::Sql kColumns = join<
    "c.id::text AS id, c.name, c.section, c.description, c.room, c.state, "
    "c.owner_id::text AS owner_id, c.join_code, c.version, ",
    utc<"c.created_at">, " AS created_at, ", utc<"c.updated_at">, " AS updated_at">;

constexpr Query kInsertCourse{
    "api_insert_course",
    join<"INSERT INTO courses AS c (id, name, section, description, room, owner_id, join_code) "
         "VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7) RETURNING ",
         kColumns>.text};

// $2: whose role.
constexpr core::pg::Sql kSelectWithRole =
    join<"SELECT ", kColumns,
         ", (SELECT m.role FROM members m WHERE m.course_id = c.id AND m.user_id = $2::uuid) "
         "AS role, c.coursework_generation FROM courses c WHERE c.id = $1::uuid">;

constexpr Query kSelectCourseAccess{"api_select_course_access", kSelectWithRole.text};

constexpr Query kSelectCourseAccessForUpdate{"api_select_course_access_for_update",
                                             join<kSelectWithRole, " FOR UPDATE">.text};

constexpr Query kCourseState{"api_select_course_state",
                             "SELECT state FROM courses WHERE id = $1::uuid"};

constexpr Query kSelectCourseByCode{
    "api_select_course_by_code",
    join<"SELECT ", kColumns,
         " FROM courses c WHERE c.join_code = $1 AND c.state = 'ACTIVE' FOR UPDATE">.text};

// $2 role, $3 state filters; $4 cursor.
constexpr Query kListMyCourses{
    "api_list_my_courses",
    join<"SELECT ", kColumns,
         ", m.role FROM members m JOIN courses c ON c.id = m.course_id "
         "WHERE m.user_id = $1::uuid AND ($2::text IS NULL OR m.role = $2) "
         "AND ($3::text IS NULL OR c.state = $3) AND ($4::uuid IS NULL OR m.course_id < $4::uuid) "
         "ORDER BY m.course_id DESC LIMIT $5">.text};

constexpr Query kUpdateCourse{
    "api_update_course",
    join<"UPDATE courses c SET name = $2, section = $3, description = $4, room = $5, "
         "version = version + 1, updated_at = now() WHERE id = $1::uuid RETURNING ",
         kColumns>.text};

constexpr Query kSetCourseState{
    "api_set_course_state",
    join<"UPDATE courses c SET state = $2, version = version + 1, updated_at = now() "
         "WHERE id = $1::uuid RETURNING ",
         kColumns>.text};

constexpr Query kSetJoinCode{
    "api_set_join_code",
    join<"UPDATE courses c SET join_code = $2, version = version + 1, updated_at = now() "
         "WHERE id = $1::uuid RETURNING ",
         kColumns>.text};

// Whether an active course other than $1 holds code $2.
constexpr Query kJoinCodeTaken{
    "api_join_code_taken",
    "SELECT 1 FROM courses WHERE join_code = $2 AND state = 'ACTIVE' AND id <> $1::uuid"};

// Everything in the course goes with it (foreign keys cascade); exam results
// are not tied by a key, since they come from another service.
constexpr Query kDeleteCourse{"api_delete_course",
                              "WITH results AS (DELETE FROM exam_results WHERE course_id = "
                              "$1::uuid) DELETE FROM courses WHERE id = $1::uuid"};

Course course(const core::pg::Columns& r, int row) {
  return Course{r.get<std::string>(row, "id"),
                r.get<std::string>(row, "name"),
                r.get<std::optional<std::string>>(row, "section"),
                r.get<std::optional<std::string>>(row, "description"),
                r.get<std::optional<std::string>>(row, "room"),
                r.get<std::string>(row, "state"),
                r.get<std::string>(row, "owner_id"),
                r.get<std::optional<std::string>>(row, "join_code"),
                r.get<std::int64_t>(row, "version"),
                r.get<std::string>(row, "created_at"),
                r.get<std::string>(row, "updated_at")};
}

CourseRole role(const core::pg::Columns& r, int row) {
  auto name = r.get<std::optional<std::string>>(row, "role");
  return name ? parse_role(*name) : CourseRole::kNone;
}

std::optional<CourseWithRole> with_role(const Result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  core::pg::Columns columns(r);
  return CourseWithRole{course(columns, 0), role(columns, 0),
                        columns.get<std::int64_t>(0, "coursework_generation")};
}

// Runs `write` (a statement that sets a join code) with fresh codes until
// one is not taken by an active course.
template <class Write>
asio::awaitable<Result> with_new_code(Transaction& tx, Write write) {
  for (int draw = 1;; ++draw) {
    // Asked first, since a unique violation would abort the transaction;
    // the index still refuses a concurrent duplicate (then: retry later).
    std::string code = new_join_code();
    std::string nobody = core::new_uuid();
    auto taken = co_await tx.query(kJoinCodeTaken, nobody, code);
    if (!taken.empty() && draw < kCodeDraws) {
      continue;
    }
    auto busy =
        core::Error(core::ErrorCode::kUnavailable, "could not draw a free join code; try again")
            .with_retry_after(std::chrono::seconds(1));
    co_return co_await core::pg::refused_as(write(code), core::pg::Refusal::kUniqueViolation,
                                            std::move(busy));
  }
}

asio::awaitable<Course> set_code(Transaction& tx, const std::string& id) {
  auto r = co_await with_new_code(
      tx, [&](const std::string& code) { return tx.query(kSetJoinCode, id, code); });
  co_return course(r, 0);
}

}  // namespace

asio::awaitable<std::optional<CourseWithRole>> find(Pool& db, std::string_view id,
                                                    const std::string& user_id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  co_return with_role(co_await db.query(kSelectCourseAccess, id, user_id));
}

asio::awaitable<std::optional<CourseWithRole>> lock(Transaction& tx, std::string_view id,
                                                    const std::string& user_id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  co_return with_role(co_await tx.query(kSelectCourseAccessForUpdate, id, user_id));
}

asio::awaitable<std::optional<std::string>> state_of(Pool& db, std::string_view id) {
  if (!core::is_uuid(id)) {
    co_return std::nullopt;
  }
  auto r = co_await db.query(kCourseState, id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return r.get<std::string>(0, "state");
}

asio::awaitable<std::optional<Course>> lock_by_code(Transaction& tx, const std::string& code) {
  auto r = co_await tx.query(kSelectCourseByCode, code);
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return course(r, 0);
}

asio::awaitable<Course> insert(Transaction& tx, const std::string& id, const Fields& f,
                               const std::string& owner_id) {
  auto r = co_await with_new_code(tx, [&](const std::string& code) {
    return tx.query(kInsertCourse, id, f.name, f.section, f.description, f.room, owner_id, code);
  });
  co_return course(r, 0);
}

asio::awaitable<std::vector<MyCourse>> list_mine(Pool& db, const std::string& user_id,
                                                 const std::optional<std::string>& role_filter,
                                                 const std::optional<std::string>& state,
                                                 const std::optional<std::string>& cursor,
                                                 int count) {
  auto r = co_await db.query(kListMyCourses, user_id, role_filter, state, cursor, count);
  co_return core::pg::all_rows(r, [](const core::pg::Columns& rows, int row) {
    auto c = course(rows, row);
    auto id = c.id;
    return MyCourse{std::move(id), std::move(c), role(rows, row)};
  });
}

asio::awaitable<Course> update(Transaction& tx, const std::string& id, const Fields& f) {
  auto r = co_await tx.query(kUpdateCourse, id, f.name, f.section, f.description, f.room);
  co_return course(r, 0);
}

asio::awaitable<Course> set_state(Transaction& tx, const Course& c, const std::string& state) {
  if (state == "ACTIVE" && c.join_code) {
    auto taken = co_await tx.query(kJoinCodeTaken, c.id, *c.join_code);
    if (!taken.empty()) {
      // Another active course took the code while this one was archived: it
      // gets a new one before it becomes active (the index covers active ones).
      co_await set_code(tx, c.id);
    }
  }
  auto r = co_await tx.query(kSetCourseState, c.id, state);
  co_return course(r, 0);
}

asio::awaitable<Course> renew_join_code(Transaction& tx, const std::string& id) {
  return set_code(tx, id);
}

asio::awaitable<Course> clear_join_code(Transaction& tx, const std::string& id) {
  auto r = co_await tx.query(kSetJoinCode, id, std::nullopt);
  co_return course(r, 0);
}

asio::awaitable<void> remove(Transaction& tx, const std::string& id) {
  co_await tx.query(kDeleteCourse, id);
}

}  // namespace classroom::api::course_store
