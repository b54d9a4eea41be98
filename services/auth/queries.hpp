#pragma once

#include "core/pg/pg.hpp"

// Every query of the auth database, in one place. Times are selected as
// microseconds since the epoch and formatted by core::format_time.
namespace classroom::auth::queries {

using core::pg::Query;

#define CLASSROOM_USER_COLUMNS                             \
  "id::text, email, display_name, role, active, version, " \
  "(extract(epoch FROM created_at) * 1000000)::bigint, password_hash"

inline constexpr Query kInsertUser{
    "auth_insert_user",
    "INSERT INTO users (id, email, display_name, password_hash, role) "
    "VALUES ($1::uuid, $2, $3, $4, $5) RETURNING " CLASSROOM_USER_COLUMNS};

inline constexpr Query kSelectUserByEmail{
    "auth_select_user_by_email", "SELECT " CLASSROOM_USER_COLUMNS " FROM users WHERE email = $1"};

inline constexpr Query kSelectUserById{
    "auth_select_user_by_id", "SELECT " CLASSROOM_USER_COLUMNS " FROM users WHERE id = $1::uuid"};

// Newest first; UUIDv7 ids are time-ordered, so the id is the cursor.
inline constexpr Query kListUsers{
    "auth_list_users", "SELECT " CLASSROOM_USER_COLUMNS
                       " FROM users "
                       "WHERE ($1::uuid IS NULL OR id < $1::uuid) ORDER BY id DESC LIMIT $2"};

inline constexpr Query kSetPassword{
    "auth_set_password",
    "UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid"};

// Locks the row for a read-modify-write of role and active.
inline constexpr Query kSelectUserForUpdate{"auth_select_user_for_update",
                                            "SELECT " CLASSROOM_USER_COLUMNS
                                            " FROM users WHERE id = $1::uuid FOR UPDATE"};

inline constexpr Query kUpdateUser{
    "auth_update_user",
    "UPDATE users SET role = $2, active = $3, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid RETURNING " CLASSROOM_USER_COLUMNS};

#undef CLASSROOM_USER_COLUMNS

}  // namespace classroom::auth::queries
