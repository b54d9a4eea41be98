// GET /auth/me, POST /auth/password
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "services/auth/domain.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/handlers/views.hpp"

namespace classroom::auth::handlers {

namespace {

struct PasswordBody {
  std::string current_password;
  std::string new_password;
};
BOOST_DESCRIBE_STRUCT(PasswordBody, (), (current_password, new_password))

// Answered from the session, like /verify: a deactivated account has no
// sessions left, and a role change is written into the live ones.
asio::awaitable<Response> get_me(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  const Session& s = caller.session;
  User user{s.user_id,         s.email, s.display_name,  s.role, true, 0,
            s.user_created_us, {},      s.email_verified};
  co_return core::json::response(200, boost::json::object{{"user", views::user(user)}});
}

asio::awaitable<Response> change_password(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  auto body = core::json::decode<PasswordBody>(request);
  validate_password(body.new_password, "newPassword");
  User user = co_await current_account(service, caller);
  // A stolen session must not make guessing the password cheap.
  co_await service.limiter.reserve(user.email, request.client_address);
  if (!co_await service.passwords.verify(user.password_hash, std::move(body.current_password))) {
    throw core::invalid_field("currentPassword", "is not the current password");
  }
  co_await service.limiter.succeeded(user.email, request.client_address);
  std::string hash = co_await service.passwords.hash(std::move(body.new_password));
  // Other sessions end before the change (so none survives a failure after
  // it) and again after it (so none created meanwhile survives).
  co_await service.sessions.revoke_all(user.id, caller.session.id);
  co_await service.users.set_password(user.id, hash);
  co_await service.sessions.revoke_all(user.id, caller.session.id);
  co_return Response::no_content();
}

}  // namespace

void add_me_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/auth/me", [&service](Request& r) { return get_me(service, r); });
  router.add(Method::kPost, "/auth/password",
             [&service](Request& r) { return change_password(service, r); });
}

}  // namespace classroom::auth::handlers
