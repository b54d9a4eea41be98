#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/http/response.hpp"
#include "services/auth/service.hpp"

// How auth's resources look on the wire, in one place.
namespace classroom::auth::views {

boost::json::object user(const User& user);
boost::json::object session(const Session& session, std::string_view current_id);

// `{user, token, expiresAt}` with the session cookie set.
core::http::Response signed_in(const Config& config, int status, const User& user,
                               const SessionStore::Created& created);
// Tells the browser to drop the session cookie.
void clear_cookie(const Config& config, core::http::Response& response);

}  // namespace classroom::auth::views
