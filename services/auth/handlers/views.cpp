#include "services/auth/handlers/views.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json.hpp"
#include "core/time.hpp"

namespace classroom::auth::views {

namespace {

std::string time_of_ms(std::int64_t ms) {
  return core::format_time(core::Clock::time_point(std::chrono::milliseconds(ms)));
}

}  // namespace

boost::json::object user(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"displayName", u.display_name},
          {"role", u.role},
          {"active", u.active},
          {"emailVerified", u.email_verified},
          {"createdAt",
           core::format_time(core::Clock::time_point(std::chrono::microseconds(u.created_us)))}};
}

boost::json::object session(const Session& s, std::string_view current_id) {
  return {{"id", s.id},
          {"createdAt", time_of_ms(s.created_ms)},
          {"lastSeenAt", time_of_ms(s.seen_ms)},
          {"expiresAt", time_of_ms(s.expires_ms)},
          {"userAgent", s.agent},
          {"ip", s.ip},
          {"current", s.id == current_id}};
}

core::http::Response signed_in(const Config& config, int status, const User& u,
                               const SessionStore::Created& created) {
  auto response =
      core::json::response(status, boost::json::object{
                                       {"user", user(u)},
                                       {"token", created.token},
                                       {"expiresAt", time_of_ms(created.session.expires_ms)},
                                   });
  response.set_header(
      "Set-Cookie", fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
                                config.cookie_name, created.token, config.sessions.lifetime.count(),
                                config.cookie_secure ? "; Secure" : ""));
  response.set_header("Cache-Control", "no-store");
  return response;
}

void clear_cookie(const Config& config, core::http::Response& response) {
  response.set_header("Set-Cookie",
                      fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
                                  config.cookie_name, config.cookie_secure ? "; Secure" : ""));
}

}  // namespace classroom::auth::views
