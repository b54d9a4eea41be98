// GET /internal/courses/{id}: whether a course exists, and its state;
// GET /internal/courses/{id}/students: its students' ids;
// GET /internal/courses/{id}/members/{userId}: a member's role;
// GET /internal/users/{id}: a user's address and name. For exams and notify. Never routed by the
// gateway; callers are services on the internal network.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/stores/course_store.hpp"
#include "services/api/stores/member_store.hpp"
#include "services/api/stores/profile_store.hpp"

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

asio::awaitable<Response> course_state(Service& service, Request& request) {
  auto state = co_await course_store::state_of(service.db, request.param("id"));
  if (!state) {
    throw core::Error(core::ErrorCode::kNotFound, "no such course");
  }
  auto response = core::json::response(200, boost::json::object{{"state", *state}});
  response.set_header("Cache-Control", "private, max-age=5");
  co_return response;
}

asio::awaitable<Response> students(Service& service, Request& request) {
  std::string course(request.param("id"));
  if (!co_await course_store::state_of(service.db, course)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such course");
  }
  auto ids = co_await member_store::student_ids(service.db, course);
  co_return core::json::response(
      200, boost::json::object{{"ids", boost::json::array(ids.begin(), ids.end())}});
}

// notify's way to an address that it did not learn from user.registered
// (a user registered before its events were kept), and to a name changed since.
asio::awaitable<Response> user(Service& service, Request& request) {
  auto p = co_await profile_store::find(service.db, request.param("id"));
  co_return core::json::response(
      200,
      boost::json::object{
          {"id", p.id}, {"email", p.email}, {"displayName", p.display_name}, {"active", p.active}});
}

}  // namespace

void add_internal_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/internal/courses/{id}/members/{userId}",
             [&service](Request& r) { return member_role(service, r); });
  router.add(Method::kGet, "/internal/courses/{id}",
             [&service](Request& r) { return course_state(service, r); });
  router.add(Method::kGet, "/internal/courses/{id}/students",
             [&service](Request& r) { return students(service, r); });
  router.add(Method::kGet, "/internal/users/{id}",
             [&service](Request& r) { return user(service, r); });
}

}  // namespace classroom::api::handlers
