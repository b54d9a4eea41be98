#include "services/auth/service.hpp"

#include "core/errors.hpp"
#include "core/http/bearer.hpp"
#include "services/auth/domain.hpp"

namespace classroom::auth {

using core::Error;
using core::ErrorCode;

namespace {

// A browser sends the cookie on its own, also on requests another site makes
// it send; these are the proofs that a request comes from our own pages.
void check_browser_request(const Service& service, const core::http::Request& request,
                           core::http::Method method) {
  // Compared with the configured origins, never with the Host header, which
  // the client chooses. A browser that leaves Origin out of a request (older
  // ones, on some same-origin requests) still sends the page's Referer.
  auto origin = request.header("origin");
  auto source = origin ? origin : request.header("referer");
  const auto& allowed = service.config.allowed_origins;
  bool origin_ours = origin && origin_allowed(*origin, allowed);
  // A WebSocket opens with a GET and cannot carry custom headers: its Origin,
  // which browsers always send on it, is the only proof.
  auto upgrade = request.header("upgrade");
  if (upgrade && upgrade->find("ebsocket") != std::string_view::npos && !origin_ours) {
    throw Error(ErrorCode::kPermissionDenied,
                "a WebSocket authenticated by cookie must come from this site's pages (Origin)");
  }
  // Any other write: an X-Requested-With header, which a cross-site form
  // cannot send, and, when the browser sends Origin (or else Referer), an
  // origin of ours.
  if (core::http::is_unsafe(method)) {
    auto requested_with = request.header("x-requested-with");
    bool source_ours = source && origin_allowed(*source, allowed);
    if ((source && !source_ours) || !requested_with || requested_with->empty()) {
      throw Error(ErrorCode::kPermissionDenied,
                  "a request authenticated by cookie must come from this site's pages "
                  "(Origin) and carry an X-Requested-With header");
    }
  }
}

}  // namespace

boost::asio::awaitable<Caller> authenticate(Service& service, const core::http::Request& request,
                                            core::http::Method method) {
  std::optional<std::string> token;
  bool via_cookie = false;
  if (auto header = request.header("authorization")) {
    if (auto credentials = core::http::bearer_credentials(*header)) {
      token = std::string(*credentials);
    }
  }
  if (!token) {
    if (auto cookies = request.header("cookie")) {
      token = cookie_value(*cookies, service.config.cookie_name);
      via_cookie = token.has_value();
    }
  }
  if (!token) {
    throw Error(ErrorCode::kUnauthenticated, "sign in first: no session token was sent")
        .with_header("WWW-Authenticate", "Bearer");
  }
  auto session = co_await service.sessions.find(*token);
  if (!session) {
    throw Error(ErrorCode::kUnauthenticated, "the session has ended; sign in again")
        .with_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }
  if (via_cookie) {
    check_browser_request(service, request, method);
  }
  co_return Caller{*std::move(session)};
}

boost::asio::awaitable<User> current_account(Service& service, const Caller& caller) {
  auto user = co_await service.users.find_by_id(caller.session.user_id);
  if (!user || !user->active) {
    co_await service.sessions.revoke_all(caller.session.user_id);
    throw Error(ErrorCode::kUnauthenticated, "the session has ended; sign in again");
  }
  co_return *std::move(user);
}

}  // namespace classroom::auth
