// GET /auth/users, GET|PATCH /auth/users/{id}: account administration (admins only).
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/text.hpp"
#include "services/auth/domain.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/handlers/views.hpp"

namespace classroom::auth::handlers {

namespace {

struct UserPatch {
  std::optional<std::string> role;
  std::optional<bool> active;
};
BOOST_DESCRIBE_STRUCT(UserPatch, (), (role, active))

// The users collection is no secret, so a non-admin is told 403, not 404.
asio::awaitable<Caller> require_admin(Service& service, const Request& request) {
  auto caller = co_await authenticate(service, request);
  if (caller.session.role != "admin") {
    throw Error(ErrorCode::kPermissionDenied, "only administrators manage accounts");
  }
  co_return caller;
}

Response user_response(const User& user) {
  auto response = core::json::response(200, views::user(user));
  response.set_header("ETag", core::http::etag(user.version));
  return response;
}

asio::awaitable<Response> list_users(Service& service, Request& request) {
  co_await require_admin(service, request);
  auto page = core::http::id_page_request(request);
  // One more than asked tells whether there is a next page.
  auto users = co_await service.users.list(page.cursor, page.limit + 1);
  co_return core::json::page_of(request, std::move(users), page.limit, views::user);
}

asio::awaitable<Response> get_user(Service& service, Request& request) {
  co_await require_admin(service, request);
  std::string id(request.param("id"));
  auto user = co_await service.users.find_by_id(id);
  if (!user) {
    throw Error(ErrorCode::kNotFound, "no such user");
  }
  co_return user_response(*user);
}

asio::awaitable<Response> patch_user(Service& service, Request& request) {
  auto caller = co_await require_admin(service, request);
  auto patch = core::json::decode<UserPatch>(request);
  if (!patch.role && !patch.active) {
    throw core::invalid_field("role", "give role or active");
  }
  if (patch.role && !is_role(*patch.role)) {
    throw core::invalid_field("role", "must be admin or user");
  }
  std::string id = core::ascii_lower(request.param("id"));
  if (id == caller.session.user_id) {
    // An administrator who demotes or deactivates themself may lock everyone out.
    throw Error(ErrorCode::kFailedPrecondition,
                "administrators cannot change their own account here");
  }
  UserChange change{patch.role, patch.active, core::http::if_match_version(request)};
  User user = co_await service.users.update(id, change, caller.session.user_id);
  service.relay.nudge();
  if (!user.active) {
    co_await service.sessions.revoke_all(user.id);
  } else if (patch.role) {
    co_await service.sessions.set_role(user.id, user.role);
  }
  co_return user_response(user);
}

}  // namespace

void add_user_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/auth/users",
             [&service](Request& r) { return list_users(service, r); });
  router.add(Method::kGet, "/auth/users/{id}",
             [&service](Request& r) { return get_user(service, r); });
  router.add(Method::kPatch, "/auth/users/{id}",
             [&service](Request& r) { return patch_user(service, r); });
}

}  // namespace classroom::auth::handlers
