#pragma once

#include "core/pg/pg.hpp"

// Every query of the auth database, in one place. Times are selected as
// microseconds since the epoch and formatted by core::format_time.
namespace classroom::auth::queries {

using core::pg::Query;

#define CLASSROOM_USER_COLUMNS                             \
  "id::text, email, display_name, role, active, version, " \
  "(extract(epoch FROM created_at) * 1000000)::bigint, password_hash, email_verified"

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

// Proves the address: only while it is still the account's (checked by the caller under the lock).
inline constexpr Query kSetEmailVerified{
    "auth_set_email_verified",
    "UPDATE users SET email_verified = true, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid RETURNING " CLASSROOM_USER_COLUMNS};

// A reset by a link to the account's address also proves the address.
inline constexpr Query kResetPassword{"auth_reset_password",
                                      "UPDATE users SET password_hash = $2, email_verified = true, "
                                      "version = version + 1, updated_at = now() WHERE id = "
                                      "$1::uuid RETURNING " CLASSROOM_USER_COLUMNS};

#undef CLASSROOM_USER_COLUMNS

// One-time tokens of e-mail links, by the SHA-256 of the token ($1).
inline constexpr Query kInsertEmailToken{
    "auth_insert_email_token",
    "INSERT INTO email_tokens (digest, user_id, purpose, email, expires_at) "
    "VALUES ($1, $2::uuid, $3, $4, now() + make_interval(secs => $5::bigint))"};

inline constexpr Query kEmailTokenIsLive{
    "auth_email_token_is_live",
    "SELECT user_id::text, email FROM email_tokens "
    "WHERE digest = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()"};

// Marks the token used, once: of two requests racing with one token, one gets the row.
inline constexpr Query kUseEmailToken{
    "auth_use_email_token",
    "UPDATE email_tokens SET used_at = now() "
    "WHERE digest = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() "
    "RETURNING user_id::text, email"};

// A new password ends every other reset link of the account.
inline constexpr Query kEndResetTokens{
    "auth_end_reset_tokens",
    "UPDATE email_tokens SET used_at = now() "
    "WHERE user_id = $1::uuid AND purpose = 'RESET_PASSWORD' AND used_at IS NULL"};

// Expired tokens answer no one; a day later they go (auth's hourly purge).
inline constexpr Query kPurgeEmailTokens{
    "auth_purge_email_tokens",
    "DELETE FROM email_tokens WHERE expires_at < now() - interval '1 day'"};

}  // namespace classroom::auth::queries
