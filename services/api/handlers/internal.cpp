// GET /internal/courses/{id}/members/{userId}: a member's role, for exams and
// notify. Never routed by the gateway; callers are services on the internal network.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/stores/member_store.hpp"

namespace classroom::api::handlers {

namespace {

asio::awaitable<Response> member_role(Service& service, Request& request) {
  auto course = request.param("id");
  auto user = request.param("userId");
  if (!core::is_uuid(course) || !core::is_uuid(user)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such member");
  }
  auto role = co_await member_store::role_of(service.db, std::string(course), std::string(user));
  if (role == CourseRole::kNone) {
    throw core::Error(core::ErrorCode::kNotFound, "no such member");
  }
  auto response = core::json::response(200, boost::json::object{{"role", role_name(role)}});
  // Role changes are rare and callers may cache briefly.
  response.set_header("Cache-Control", "private, max-age=5");
  co_return response;
}

}  // namespace

void add_internal_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/internal/courses/{id}/members/{userId}",
             [&service](Request& r) { return member_role(service, r); });
}

}  // namespace classroom::api::handlers
