// POST /auth/register, /auth/login, /auth/logout, /auth/logout-all
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/text.hpp"
#include "services/auth/domain.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/handlers/views.hpp"
#include "services/auth/link_mailer.hpp"

namespace classroom::auth::handlers {

namespace {

struct RegisterBody {
  std::string email;
  std::string password;
  std::string display_name;
};
BOOST_DESCRIBE_STRUCT(RegisterBody, (), (email, password, display_name))

struct LoginBody {
  std::string email;
  std::string password;
};
BOOST_DESCRIBE_STRUCT(LoginBody, (), (email, password))

std::string user_agent(const Request& request) {
  return std::string(request.header("user-agent").value_or(""));
}

asio::awaitable<Response> register_user(Service& service, Request& request) {
  auto body = core::json::decode<RegisterBody>(request);
  core::Validation validation;
  NewUser user;
  user.email = validation.check([&] { return core::normalize_email(body.email); });
  user.display_name = validation.check([&] { return validate_display_name(body.display_name); });
  validation.check([&] { validate_password(body.password); });
  validation.throw_if_invalid();
  user.password_hash = co_await service.passwords.hash(std::move(body.password));
  User created = co_await service.users.create(user);
  service.relay.nudge();
  service.mailer.send_verification(created);
  auto session =
      co_await service.sessions.create(created, request.client_address, user_agent(request));
  // The owner's address, like one that signed in: an attack on the account
  // from elsewhere does not slow them there.
  co_await service.limiter.remember(created.email, request.client_address);
  auto response = views::signed_in(service.config, 201, created, session);
  response.set_header("Location", "/auth/me");
  co_return response;
}

// The account an e-mail names, or nullopt; a malformed address names none and
// is not looked up (nor counted under any key but its hash).
asio::awaitable<std::optional<User>> find_account(Service& service, const std::string& raw,
                                                  std::string& limiter_key) {
  std::string email;
  try {
    email = core::normalize_email(raw);
  } catch (const Error&) {
    limiter_key = "invalid:" + core::sha256_hex(raw);
    co_return std::nullopt;
  }
  limiter_key = email;
  co_return co_await service.users.find_by_email(email);
}

asio::awaitable<Response> login(Service& service, Request& request) {
  auto body = core::json::decode<LoginBody>(request);
  std::string limiter_key;
  auto user = co_await find_account(service, body.email, limiter_key);
  co_await service.limiter.reserve(limiter_key, request.client_address);
  // Unknown e-mail and wrong password do the same work and get the same answer.
  // (The hash is named before co_await: GCC 12 mishandles a conditional's
  // temporary inside a co_await expression.)
  std::string stored = user ? user->password_hash : std::string();
  bool ok = co_await service.passwords.verify(std::move(stored), std::move(body.password));
  if (!ok) {
    throw Error(ErrorCode::kUnauthenticated, "the e-mail or the password is wrong");
  }
  co_await service.limiter.succeeded(limiter_key, request.client_address);
  if (!user->active) {
    throw Error(ErrorCode::kPermissionDenied, "this account is deactivated");
  }
  auto created =
      co_await service.sessions.create(*user, request.client_address, user_agent(request));
  // An administrator may have deactivated or re-roled the account while its
  // password was being checked, and missed this session, which did not exist
  // yet: read the account again now that it does.
  auto now = co_await service.users.find_by_id(user->id);
  if (!now || !now->active) {
    co_await service.sessions.revoke(user->id, created.session.id);
    throw Error(ErrorCode::kPermissionDenied, "this account is deactivated");
  }
  // A password reset meanwhile ended every session; this one, opened with
  // the old password, must not outlive it.
  if (now->password_hash != user->password_hash) {
    co_await service.sessions.revoke(user->id, created.session.id);
    throw Error(ErrorCode::kUnauthenticated, "the e-mail or the password is wrong");
  }
  if (now->role != user->role) {
    co_await service.sessions.set_role(now->id, now->role);
  }
  if (now->email_verified && !user->email_verified) {
    co_await service.sessions.set_email_verified(now->id);
  }
  co_return views::signed_in(service.config, 200, *now, created);
}

asio::awaitable<Response> logout(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  co_await service.sessions.revoke(caller.session.user_id, caller.session.id);
  auto response = Response::no_content();
  views::clear_cookie(service.config, response);
  co_return response;
}

asio::awaitable<Response> logout_all(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  co_await service.sessions.revoke_all(caller.session.user_id);
  auto response = Response::no_content();
  views::clear_cookie(service.config, response);
  co_return response;
}

}  // namespace

void add_account_routes(core::http::Router& router, Service& service) {
  router.add(Method::kPost, "/auth/register",
             [&service](Request& r) { return register_user(service, r); });
  router.add(Method::kPost, "/auth/login", [&service](Request& r) { return login(service, r); });
  router.add(Method::kPost, "/auth/logout", [&service](Request& r) { return logout(service, r); });
  router.add(Method::kPost, "/auth/logout-all",
             [&service](Request& r) { return logout_all(service, r); });
}

}  // namespace classroom::auth::handlers
