#include "services/auth/service.hpp"

#include "core/errors.hpp"
#include "services/auth/domain.hpp"

namespace classroom::auth {

using core::Error;
using core::ErrorCode;

boost::asio::awaitable<Caller> authenticate(Service& service, const core::http::Request& request,
                                            core::http::Method method) {
  std::optional<std::string> token;
  bool via_cookie = false;
  if (auto header = request.header("authorization")) {
    token = bearer_token(*header);
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
  if (via_cookie && core::http::is_unsafe(method)) {
    auto host = request.header("x-forwarded-host");
    if (!host) {
      host = request.header("host");
    }
    auto origin = request.header("origin");
    bool origin_ok = !origin || origin_allowed(*origin, host.value_or(""),
                                               service.config.allowed_origins);
    auto requested_with = request.header("x-requested-with");
    if (!origin_ok || !requested_with || requested_with->empty()) {
      throw Error(ErrorCode::kPermissionDenied,
                  "a request authenticated by cookie must come from this site's pages "
                  "(Origin) and carry an X-Requested-With header");
    }
  }
  co_return Caller{*std::move(session), via_cookie};
}

}  // namespace classroom::auth
