#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "core/http/request.hpp"
#include "services/auth/config.hpp"
#include "services/auth/login_limiter.hpp"
#include "services/auth/passwords.hpp"
#include "services/auth/sessions.hpp"
#include "services/auth/users.hpp"

namespace classroom::core::outbox {
class Relay;
}
namespace classroom::core::ratelimit {
class Limiter;
}

namespace classroom::auth {

class EmailTokenStore;
class LinkMailer;

// What handlers work with: one per worker thread (its stores use that
// worker's connections), except `passwords`, which is shared and thread-safe.
struct Service {
  const Config& config;
  UserStore& users;
  SessionStore& sessions;
  LoginLimiter& limiter;
  Passwords& passwords;
  core::outbox::Relay& relay;  // nudged after a change that wrote an event
  EmailTokenStore& tokens;
  LinkMailer& mailer;
  core::ratelimit::Limiter& rate_limits;  // requests that send e-mail
};

// Who is calling, from `Authorization: Bearer` or the session cookie.
struct Caller {
  Session session;
};

// The caller of `request`, or Error(kUnauthenticated). A cookie-authenticated
// unsafe `method` must also pass the CSRF check (Error(kPermissionDenied)):
// an `X-Requested-With` header, which a cross-site form cannot send, and, when
// the browser sends `Origin` (or else `Referer`), one of the configured
// origins (Config::allowed_origins).
boost::asio::awaitable<Caller> authenticate(Service& service, const core::http::Request& request,
                                            core::http::Method method);
inline boost::asio::awaitable<Caller> authenticate(Service& service,
                                                   const core::http::Request& request) {
  return authenticate(service, request, request.method);
}

// The caller's account as the database holds it now, or Error(kUnauthenticated)
// when it went away under a live session (every session of it then ends).
boost::asio::awaitable<User> current_account(Service& service, const Caller& caller);

}  // namespace classroom::auth
