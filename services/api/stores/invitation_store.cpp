#include "services/api/stores/invitation_store.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::api::invitation_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

// `i` an invitation, `c` its course.
constexpr core::pg::Sql kColumns = join<
    "i.id::text AS id, i.course_id::text AS course_id, c.name AS course_name, i.email, "
    "i.role, i.state, i.invited_by::text AS invited_by, i.version, ",
    utc<"i.created_at">, " AS created_at, ", utc<"i.updated_at">, " AS updated_at">;

constexpr Query kInsertInvitation{
    "api_insert_invitation",
    join<"WITH i AS (INSERT INTO invitations (id, course_id, email, role, invited_by) "
         "VALUES ($1::uuid, $2::uuid, $3, $4, $5::uuid) RETURNING *) SELECT ",
         kColumns, " FROM i JOIN courses c ON c.id = i.course_id">.text};

constexpr Query kSelectInvitationForUpdate{
    "api_select_invitation_for_update",
    join<"SELECT ", kColumns,
         ", c.state AS course_state FROM invitations i JOIN courses c ON c.id = i.course_id "
         "WHERE i.id = $1::uuid FOR UPDATE OF i">.text};

constexpr Query kListPendingInvitations{
    "api_list_pending_invitations",
    join<"SELECT ", kColumns,
         " FROM invitations i JOIN courses c ON c.id = i.course_id "
         "WHERE i.email = $1 AND i.state = 'PENDING' AND ($2::uuid IS NULL OR i.id < $2::uuid) "
         "ORDER BY i.id DESC LIMIT $3">.text};

constexpr Query kSetInvitationState{
    "api_set_invitation_state",
    join<"WITH i AS (UPDATE invitations SET state = $2, version = version + 1, "
         "updated_at = now() WHERE id = $1::uuid RETURNING *) SELECT ",
         kColumns, " FROM i JOIN courses c ON c.id = i.course_id">.text};

Invitation invitation(const core::pg::Columns& r, int row) {
  return Invitation{r.get<std::string>(row, "id"),          r.get<std::string>(row, "course_id"),
                    r.get<std::string>(row, "course_name"), r.get<std::string>(row, "email"),
                    r.get<std::string>(row, "role"),        r.get<std::string>(row, "state"),
                    r.get<std::string>(row, "invited_by"),  r.get<std::int64_t>(row, "version"),
                    r.get<std::string>(row, "created_at"),  r.get<std::string>(row, "updated_at")};
}

}  // namespace

asio::awaitable<Invitation> insert(Transaction& tx, const std::string& course_id,
                                   const std::string& email, const std::string& role,
                                   const std::string& invited_by) {
  // Named before the co_await (GCC 12, docs/decisions.md).
  std::string id = core::new_uuid();
  core::Error pending(core::ErrorCode::kAlreadyExists,
                      "this address already has a pending invitation");
  auto r = co_await core::pg::refused_as(
      tx.query(kInsertInvitation, id, course_id, email, role, invited_by),
      core::pg::Refusal::kUniqueViolation, std::move(pending));
  co_return invitation(r, 0);
}

asio::awaitable<Locked> lock(Transaction& tx, std::string_view id) {
  if (!core::is_uuid(id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such invitation");
  }
  auto r = co_await tx.query(kSelectInvitationForUpdate, id);
  core::pg::require_row(r, "invitation");
  co_return Locked{invitation(r, 0), r.get<std::string>(0, "course_state")};
}

asio::awaitable<std::vector<Invitation>> list_pending(Pool& db, const std::string& email,
                                                      const std::optional<std::string>& cursor,
                                                      int count) {
  co_return core::pg::all_rows(co_await db.query(kListPendingInvitations, email, cursor, count),
                               invitation);
}

asio::awaitable<Invitation> set_state(Transaction& tx, const std::string& id,
                                      const std::string& state) {
  auto r = co_await tx.query(kSetInvitationState, id, state);
  co_return invitation(r, 0);
}

}  // namespace classroom::api::invitation_store
