#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/pg/pg.hpp"
#include "services/api/model.hpp"

// Profiles: the api's copy of each user (name, e-mail, active), kept from
// auth's events (event_sync.cpp) and created on a user's first request.
namespace classroom::api::profile_store {

namespace asio = boost::asio;
using core::pg::Pool;

// The user's profile; created with `email` and `display_name` if user.registered
// has not come yet (it may be applied at the same moment: whichever insert
// loses reads the winner's row).
asio::awaitable<Profile> ensure(Pool& db, const std::string& id, const std::string& email,
                                const std::string& display_name);
// kPreconditionFailed when If-Match named another `version`.
asio::awaitable<Profile> rename(Pool& db, const std::string& id, const std::string& display_name,
                                std::optional<std::int64_t> version);
// Profile `id` as `viewer` may see it: a deactivated user is seen only by
// themself and administrators, anyone else only by those sharing a course
// with them. kNotFound otherwise.
asio::awaitable<Profile> find_visible(Pool& db, std::string_view id, const std::string& viewer_id,
                                      bool viewer_is_admin);

// Profile `id`, active or not, for services (GET /internal/users/{id}); kNotFound otherwise.
asio::awaitable<Profile> find(Pool& db, std::string_view id);

// The id of the active user with e-mail address `email`, if any.
// From user.registered: the name the user chose, unless they renamed
// themself since. Applied by event_sync.cpp with the event's other effects.
inline constexpr core::pg::Query kUpsertRegisteredProfile{
    "api_upsert_registered_profile",
    "INSERT INTO profiles (id, email, display_name) VALUES ($1::uuid, $2, $3) "
    "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, "
    "display_name = CASE WHEN profiles.name_known THEN profiles.display_name "
    "ELSE EXCLUDED.display_name END, name_known = true, "
    "version = profiles.version + 1, updated_at = now()"};

// From user.deactivated and user.reactivated.
inline constexpr core::pg::Query kSetProfileActive{
    "api_set_profile_active",
    "UPDATE profiles SET active = $2, version = version + 1, updated_at = now() "
    "WHERE id = $1::uuid"};

asio::awaitable<std::optional<std::string>> active_id_by_email(core::pg::Transaction& tx,
                                                               const std::string& email);

}  // namespace classroom::api::profile_store
