// GET /verify: the gateway's forward-authentication check, before every
// protected request. One Redis read; no database.
#include "core/errors.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace classroom::auth::handlers {

namespace {

asio::awaitable<Response> verify(Service& service, Request& request) {
  // The method of the request being authorised, for the CSRF rule.
  auto forwarded = request.header("x-forwarded-method");
  Method method = forwarded ? core::http::parse_method(*forwarded) : Method::kGet;
  auto caller = co_await authenticate(service, request, method);
  Response response = Response::no_content();
  response.set_header("X-Auth-User", caller.session.user_id);
  response.set_header("X-Auth-User-Email", caller.session.email);
  response.set_header("X-Auth-Role", caller.session.role);
  response.set_header("X-Auth-Session", caller.session.id);
  response.set_header("X-Auth-Email-Verified", caller.session.email_verified ? "true" : "false");
  response.set_header("Cache-Control", "no-store");
  co_return response;
}

}  // namespace

void add_verify_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/verify", [&service](Request& r) { return verify(service, r); });
}

}  // namespace classroom::auth::handlers
