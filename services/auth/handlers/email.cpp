// POST /auth/email/verification, /auth/email/verify, /auth/password/forgot,
// /auth/password/reset: one-time links by e-mail (docs/decisions.md, "E-mail
// verification and password reset"). Tokens arrive in bodies only, and are
// never logged.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/ratelimit/limiter.hpp"
#include "core/text.hpp"
#include "services/auth/domain.hpp"
#include "services/auth/email_tokens.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/link_mailer.hpp"

namespace classroom::auth::handlers {

namespace {

using core::ratelimit::Counter;

struct TokenBody {
  std::string token;
};
BOOST_DESCRIBE_STRUCT(TokenBody, (), (token))

struct ForgotBody {
  std::string email;
};
BOOST_DESCRIBE_STRUCT(ForgotBody, (), (email))

struct ResetBody {
  std::string token;
  std::string new_password;
};
BOOST_DESCRIBE_STRUCT(ResetBody, (), (token, new_password))

Response accepted(std::string_view detail) {
  return core::json::response(202, boost::json::object{{"detail", detail}});
}

constexpr std::string_view kTooManyDeadLinks = "too many links that do not work; try again later";

// One answer whether a link never existed, was used, expired, or its account
// changed: nobody's business.
Error link_gone() {
  return Error(ErrorCode::kGone, "this link has been used or has expired; ask for a new one");
}

std::vector<Counter> dead_link_counter(const Service& service, const Request& request) {
  return {{service.config.email_limits.dead_links_per_address, {request.client_address}}};
}

// An address past its allowance of dead links waits before its token is even
// looked up, so that spraying made-up tokens costs the database nothing.
asio::awaitable<void> admit_link(Service& service, const Request& request) {
  auto wait = co_await service.rate_limits.wait(dead_link_counter(service, request));
  if (wait) {
    throw core::ratelimit::exhausted(std::string(kTooManyDeadLinks), *wait);
  }
}

// Counts a token that is not live against the address, then answers 410.
asio::awaitable<void> refuse_dead_link(Service& service, const Request& request) {
  co_await service.rate_limits.take(dead_link_counter(service, request),
                                    std::string(kTooManyDeadLinks));
  throw link_gone();
}

asio::awaitable<Response> request_verification(Service& service, Request& request) {
  auto caller = co_await authenticate(service, request);
  std::vector<Counter> counters{
      {service.config.email_limits.verification, {caller.session.user_id}}};
  co_await service.rate_limits.take(std::move(counters),
                                    "too many confirmation e-mails asked for; try again later");
  // The account as it is now: the session may predate a verification.
  User user = co_await current_account(service, caller);
  if (user.email_verified) {
    co_return accepted("this address is already confirmed; no e-mail was sent");
  }
  service.mailer.send_verification(std::move(user));
  co_return accepted("a link to confirm the address is on its way");
}

asio::awaitable<Response> verify_email(Service& service, Request& request) {
  auto body = core::json::decode<TokenBody>(request);
  co_await admit_link(service, request);
  auto user = co_await service.users.verify_email(body.token);
  if (!user) {
    co_await refuse_dead_link(service, request);
  }
  service.relay.nudge();
  // At once, like a role change: /verify reads the session, not the database.
  co_await service.sessions.set_email_verified(user->id);
  co_return Response::no_content();
}

// The same answer, in the same time, whether or not the address has an
// account: the lookup and the mail happen after it.
asio::awaitable<Response> forgot_password(Service& service, Request& request) {
  auto body = core::json::decode<ForgotBody>(request);
  std::string email = core::normalize_email(body.email);
  const auto& limits = service.config.email_limits;
  std::vector<Counter> counters{{limits.forgot_per_email, {email}},
                                {limits.forgot_per_address, {request.client_address}}};
  co_await service.rate_limits.take(std::move(counters),
                                    "too many password resets asked for; try again later");
  service.mailer.send_reset(std::move(email));
  co_return accepted("if an account has this address, a link to reset its password is on its way");
}

asio::awaitable<Response> reset_password(Service& service, Request& request) {
  auto body = core::json::decode<ResetBody>(request);
  validate_password(body.new_password, "newPassword");
  co_await admit_link(service, request);
  // A dead token costs no password hash.
  auto use = co_await service.tokens.live(body.token, TokenPurpose::kResetPassword);
  if (!use) {
    co_await refuse_dead_link(service, request);
  }
  std::string hash = co_await service.passwords.hash(std::move(body.new_password));
  // The account's sessions (an impostor's among them, maybe) end before the
  // change, so that none survives a failure after it, and again after it, so
  // that none begun meanwhile survives. The change commits with a
  // user.password_reset event, the durable path (AccountSync) should auth
  // stop in between.
  co_await service.sessions.revoke_all(use->user_id);
  auto user = co_await service.users.reset_password(body.token, hash);
  if (!user) {
    throw link_gone();  // used by a request racing this one: live a moment ago, not counted
  }
  service.relay.nudge();
  co_await service.sessions.revoke_all(user->id);
  co_return Response::no_content();
}

}  // namespace

void add_email_routes(core::http::Router& router, Service& service) {
  router.add(Method::kPost, "/auth/email/verification",
             [&service](Request& r) { return request_verification(service, r); });
  router.add(Method::kPost, "/auth/email/verify",
             [&service](Request& r) { return verify_email(service, r); });
  router.add(Method::kPost, "/auth/password/forgot",
             [&service](Request& r) { return forgot_password(service, r); });
  router.add(Method::kPost, "/auth/password/reset",
             [&service](Request& r) { return reset_password(service, r); });
}

}  // namespace classroom::auth::handlers
