#include "services/api/stores/profile_store.hpp"

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::api::profile_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;

constexpr core::pg::Sql kColumns =
    join<"p.id::text AS id, p.email, p.display_name, p.active, p.version, ",
         core::pg::utc<"p.created_at">, " AS created_at">;

constexpr Query kSelectProfile{
    "api_select_profile", join<"SELECT ", kColumns, " FROM profiles p WHERE id = $1::uuid">.text};

// No row back when it exists already (then read it with kSelectProfile, in a
// statement of its own, which sees a row another transaction just added).
constexpr Query kCreateProfile{
    "api_create_profile",
    join<"INSERT INTO profiles AS p (id, email, display_name, name_known) "
         "VALUES ($1::uuid, $2, $3, false) ON CONFLICT (id) DO NOTHING RETURNING ",
         kColumns>.text};

constexpr Query kRenameProfile{
    "api_rename_profile",
    join<"UPDATE profiles p SET display_name = $2, name_known = true, version = version + 1, "
         "updated_at = now() WHERE id = $1::uuid AND ($3::bigint IS NULL OR version = $3) "
         "RETURNING ",
         kColumns>.text};

// $1 whom, $2 the viewer, $3 the viewer is an administrator.
constexpr Query kSelectVisibleProfile{
    "api_select_visible_profile",
    join<"SELECT ", kColumns,
         " FROM profiles p WHERE p.id = $1::uuid AND "
         "($3 OR p.id = $2::uuid OR (p.active AND EXISTS (SELECT 1 FROM members a "
         "JOIN members b ON a.course_id = b.course_id WHERE a.user_id = $1::uuid "
         "AND b.user_id = $2::uuid)))">.text};

constexpr Query kSelectProfileIdByEmail{
    "api_select_profile_id_by_email",
    "SELECT id::text AS id FROM profiles WHERE email = $1 AND active"};

Profile profile(const core::pg::Columns& r, int row) {
  return Profile{r.get<std::string>(row, "id"),           r.get<std::string>(row, "email"),
                 r.get<std::string>(row, "display_name"), r.get<bool>(row, "active"),
                 r.get<std::int64_t>(row, "version"),     r.get<std::string>(row, "created_at")};
}

}  // namespace

asio::awaitable<Profile> ensure(Pool& db, const std::string& id, const std::string& email,
                                const std::string& display_name) {
  auto found = co_await db.query(kSelectProfile, id);
  if (!found.empty()) {
    co_return profile(found, 0);
  }
  auto created = co_await db.query(kCreateProfile, id, email, display_name);
  if (!created.empty()) {
    co_return profile(created, 0);
  }
  auto existing = co_await db.query(kSelectProfile, id);
  co_return profile(existing, 0);
}

asio::awaitable<Profile> rename(Pool& db, const std::string& id, const std::string& display_name,
                                std::optional<std::int64_t> version) {
  auto r = co_await db.query(kRenameProfile, id, display_name, version);
  if (r.empty()) {
    throw core::Error(core::ErrorCode::kPreconditionFailed,
                      "the profile was changed since it was read");
  }
  co_return profile(r, 0);
}

asio::awaitable<Profile> find_visible(Pool& db, std::string_view id, const std::string& viewer_id,
                                      bool viewer_is_admin) {
  if (!core::is_uuid(id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such user");
  }
  auto r = co_await db.query(kSelectVisibleProfile, id, viewer_id, viewer_is_admin);
  if (r.empty()) {
    throw core::Error(core::ErrorCode::kNotFound, "no such user");
  }
  co_return profile(r, 0);
}

asio::awaitable<Profile> find(Pool& db, std::string_view id) {
  if (!core::is_uuid(id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such user");
  }
  auto r = co_await db.query(kSelectProfile, id);
  if (r.empty()) {
    throw core::Error(core::ErrorCode::kNotFound, "no such user");
  }
  co_return profile(r, 0);
}

asio::awaitable<std::optional<std::string>> active_id_by_email(core::pg::Transaction& tx,
                                                               const std::string& email) {
  auto r = co_await tx.query(kSelectProfileIdByEmail, email);
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return r.get<std::string>(0, "id");
}

}  // namespace classroom::api::profile_store
