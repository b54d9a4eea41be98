// GET /verify: the gateway's forward-authentication check, before every
// protected request. One Redis read; no database.
#include <chrono>
#include <memory>

#include "core/errors.hpp"
#include "core/http/identity_signature.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace classroom::auth::handlers {

namespace {

using core::http::IdentitySigner;

asio::awaitable<Response> verify(Service& service, const IdentitySigner& signer, Request& request) {
  // The method of the request being authorised, for the CSRF rule.
  auto forwarded = request.header("x-forwarded-method");
  Method method = forwarded ? core::http::parse_method(*forwarded) : Method::kGet;
  auto caller = co_await authenticate(service, request, method);
  const Session& session = caller.session;
  core::http::Identity identity{session.user_id, session.email, session.role, session.id,
                                session.email_verified};
  Response response = Response::no_content();
  response.set_header("X-Auth-User", identity.user_id);
  response.set_header("X-Auth-User-Email", identity.email);
  response.set_header("X-Auth-Role", identity.role);
  response.set_header("X-Auth-Session", identity.session_id);
  response.set_header("X-Auth-Email-Verified", identity.email_verified ? "true" : "false");
  // What makes the headers above believed by the services (core's IdentityVerifier).
  response.set_header(std::string(core::http::kIdentitySignatureHeader),
                      signer.sign(identity, std::chrono::system_clock::now()));
  response.set_header("Cache-Control", "no-store");
  co_return response;
}

}  // namespace

void add_verify_routes(core::http::Router& router, Service& service) {
  auto signer = std::make_shared<const IdentitySigner>(service.config.http.identity);
  router.add(Method::kGet, "/verify",
             [&service, signer](Request& r) { return verify(service, *signer, r); });
}

}  // namespace classroom::auth::handlers
