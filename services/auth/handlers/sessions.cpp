// GET /auth/sessions, DELETE /auth/sessions/{id}
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/handlers/views.hpp"

namespace classroom::auth::handlers {

namespace {

// Newest first; the cursor is the last session id given (ids are UUIDv7, so
// they sort as the sessions began, and a cursor survives sessions ending).
asio::awaitable<Response> list_sessions(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  auto page = core::http::id_page_request(request);
  auto sessions = co_await service.sessions.list(caller.session.user_id);
  if (page.cursor) {
    std::erase_if(sessions, [&](const Session& s) { return s.id >= *page.cursor; });
  }
  co_return core::json::page_of(request, std::move(sessions), page.limit, [&](const Session& s) {
    return views::session(s, caller.session.id);
  });
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
