#include "services/api/stores/member_store.hpp"

#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::api::member_store {

namespace {

using core::pg::Query;
using core::pg::Result;

constexpr Query kInsertMember{
    "api_insert_member",
    core::pg::join<"WITH m AS (INSERT INTO members (course_id, user_id, role) "
                 "VALUES ($1::uuid, $2::uuid, $3) ON CONFLICT DO NOTHING "
                 "RETURNING joined_at, user_id) SELECT ",
                 core::pg::utc<"m.joined_at">,
                 " AS joined_at, coalesce(p.display_name, '') AS display_name FROM m "
                 "LEFT JOIN profiles p ON p.id = m.user_id">.text};

constexpr Query kAddLateJoinerSubmissions{
    "api_add_late_joiner_submissions",
    "INSERT INTO submissions (id, coursework_id, course_id, student_id) "
    "SELECT uuid_v7(), cw.id, cw.course_id, $2::uuid FROM coursework cw "
    "WHERE cw.course_id = $1::uuid AND cw.state = 'PUBLISHED' AND cw.work_type = 'ASSIGNMENT' "
    "AND cw.assignees IS NULL ON CONFLICT (coursework_id, student_id) DO NOTHING"};

constexpr Query kDeleteMember{
    "api_delete_member",
    "DELETE FROM members WHERE course_id = $1::uuid AND user_id = $2::uuid RETURNING role"};

// In order of joining; the cursor is (joined_at with microseconds, user id).
constexpr Query kListMembers{
    "api_list_members",
    core::pg::join<"SELECT m.user_id::text AS user_id, "
                 "coalesce(p.display_name, '') AS display_name, m.role, ",
                 core::pg::utc<"m.joined_at">,
                 " AS joined_at, to_char(m.joined_at AT TIME ZONE 'UTC', "
                 "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS cursor_time "
                 "FROM members m LEFT JOIN profiles p ON p.id = m.user_id "
                 "WHERE m.course_id = $1::uuid AND ($2::text IS NULL OR m.role = $2) "
                 "AND ($3::timestamptz IS NULL OR (m.joined_at, m.user_id) > "
                 "($3::timestamptz, $4::uuid)) ORDER BY m.joined_at, m.user_id LIMIT $5">.text};

constexpr Query kMemberWithEmail{"api_member_with_email",
                                 "SELECT 1 FROM members m JOIN profiles p ON p.id = m.user_id "
                                 "WHERE m.course_id = $1::uuid AND p.email = $2"};

// How many of the ids in $2 are students of course $1.
constexpr Query kCountStudents{
    "api_count_students",
    "SELECT count(*) AS students FROM members WHERE course_id = $1::uuid AND role = 'student' "
    "AND user_id = ANY($2::uuid[])"};

constexpr Query kSelectMemberRole{
    "api_select_member_role",
    "SELECT role FROM members WHERE course_id = $1::uuid AND user_id = $2::uuid"};

constexpr Query kSelectMemberIds{"api_select_member_ids",
                                 "SELECT user_id::text AS user_id FROM members "
                                 "WHERE course_id = $1::uuid ORDER BY user_id"};

constexpr Query kSelectStudentIds{
    "api_select_student_ids",
    "SELECT user_id::text AS user_id FROM members WHERE course_id = $1::uuid "
    "AND role = 'student' ORDER BY user_id"};

constexpr Query kSelectTeacherIds{
    "api_select_teacher_ids",
    "SELECT user_id::text AS user_id FROM members WHERE course_id = $1::uuid "
    "AND role <> 'student' ORDER BY user_id"};

std::string user_id(const core::pg::Columns& r, int row) {
  return r.get<std::string>(row, "user_id");
}

template <class Db>
asio::awaitable<CourseRole> select_role(Db& db, const std::string& course_id,
                                        const std::string& user_id) {
  core::pg::Result r = co_await db.query(kSelectMemberRole, course_id, user_id);
  co_return r.empty() ? CourseRole::kNone : parse_role(r.get<std::string>(0, "role"));
}

}  // namespace

asio::awaitable<std::optional<Member>> insert(Transaction& tx, const std::string& course_id,
                                              const std::string& user_id, CourseRole role) {
  std::string role_text(role_name(role));
  auto joined = co_await tx.query(kInsertMember, course_id, user_id, role_text);
  if (joined.empty()) {
    co_return std::nullopt;
  }
  if (role == CourseRole::kStudent) {
    co_await tx.query(kAddLateJoinerSubmissions, course_id, user_id);
  }
  co_return Member{course_id, user_id, joined.get<std::string>(0, "display_name"), role_text,
                   joined.get<std::string>(0, "joined_at")};
}

asio::awaitable<std::optional<CourseRole>> remove(Transaction& tx, const std::string& course_id,
                                                  const std::string& user_id) {
  auto r = co_await tx.query(kDeleteMember, course_id, user_id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return parse_role(r.get<std::string>(0, "role"));
}

asio::awaitable<std::vector<Listed>> list(Pool& db, const std::string& course_id,
                                          const std::optional<std::string>& role,
                                          const std::optional<Cursor>& after, int count) {
  std::optional<std::string> after_time;
  std::optional<std::string> after_id;
  if (after) {
    after_time = after->joined_at;
    after_id = after->user_id;
  }
  auto r = co_await db.query(kListMembers, course_id, role, after_time, after_id, count);
  co_return core::pg::all_rows(r, [&course_id](const core::pg::Columns& rows, int row) {
    auto id = rows.get<std::string>(row, "user_id");
    return Listed{
        Member{course_id, id, rows.get<std::string>(row, "display_name"),
               rows.get<std::string>(row, "role"), rows.get<std::string>(row, "joined_at")},
        Cursor{rows.get<std::string>(row, "cursor_time"), id}};
  });
}

asio::awaitable<bool> has_email(Transaction& tx, const std::string& course_id,
                                const std::string& email) {
  auto r = co_await tx.query(kMemberWithEmail, course_id, email);
  co_return !r.empty();
}

asio::awaitable<std::int64_t> count_students(Transaction& tx, const std::string& course_id,
                                             const std::vector<std::string>& user_ids) {
  std::string ids = core::pg::uuid_array(user_ids);
  auto r = co_await tx.query(kCountStudents, course_id, ids);
  co_return r.get<std::int64_t>(0, "students");
}

asio::awaitable<CourseRole> role_of(Pool& db, const std::string& course_id,
                                    const std::string& user_id) {
  return select_role(db, course_id, user_id);
}

asio::awaitable<CourseRole> role_of(Transaction& tx, const std::string& course_id,
                                    const std::string& user_id) {
  return select_role(tx, course_id, user_id);
}

asio::awaitable<std::vector<std::string>> member_ids(Transaction& tx,
                                                     const std::string& course_id) {
  co_return core::pg::all_rows(co_await tx.query(kSelectMemberIds, course_id), user_id);
}

asio::awaitable<std::vector<std::string>> teacher_ids(Transaction& tx,
                                                      const std::string& course_id) {
  co_return core::pg::all_rows(co_await tx.query(kSelectTeacherIds, course_id), user_id);
}

asio::awaitable<std::vector<std::string>> student_ids(Pool& db, const std::string& course_id) {
  co_return core::pg::all_rows(co_await db.query(kSelectStudentIds, course_id), user_id);
}

}  // namespace classroom::api::member_store
