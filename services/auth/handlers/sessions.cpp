// GET /auth/sessions, DELETE /auth/sessions/{id}
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/handlers/views.hpp"

namespace classroom::auth::handlers {

namespace {

asio::awaitable<Response> list_sessions(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  boost::json::array items;
  for (const Session& s : co_await service.sessions.list(caller.session.user_id)) {
    items.push_back(views::session(s, caller.session.id));
  }
  co_return core::json::response(200, boost::json::object{{"items", std::move(items)}});
}

asio::awaitable<Response> revoke_session(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  std::string id(request.param("id"));
  if (!co_await service.sessions.revoke(caller.session.user_id, id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such session");
  }
  auto response = Response::no_content();
  if (id == caller.session.id) {
    views::clear_cookie(service.config, response);
  }
  co_return response;
}

}  // namespace

void add_session_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/auth/sessions",
             [&service](Request& r) { return list_sessions(service, r); });
  router.add(Method::kDelete, "/auth/sessions/{id}",
             [&service](Request& r) { return revoke_session(service, r); });
}

}  // namespace classroom::auth::handlers
