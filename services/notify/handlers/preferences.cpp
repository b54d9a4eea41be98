// The caller's preferences (API.md, notify): read with their ETag, replaced
// whole by PUT (If-Match honoured: 412 when they changed since).
#include "core/http/conditional.hpp"
#include "core/json.hpp"
#include "services/notify/handlers/handlers.hpp"
#include "services/notify/preferences_json.hpp"
#include "services/notify/stores/preferences_store.hpp"

namespace classroom::notify::handlers {

namespace {

constexpr std::string_view kPreferences = "/notifications/preferences";

Response preferences_response(const Preferences& prefs) {
  auto response = Response::json(200, preferences_view(prefs));
  response.set_header("ETag", core::http::etag(prefs.version));
  return response;
}

asio::awaitable<Response> get_preferences(Service& s, Request& request) {
  auto user = caller_id(request);
  auto prefs = co_await preferences_store::read(s.redis, user);
  co_return preferences_response(prefs);
}

asio::awaitable<Response> put_preferences(Service& s, Request& request) {
  auto user = caller_id(request);
  auto expected = core::http::if_match_version(request);
  auto prefs = preferences_from_request(request);
  auto version = co_await preferences_store::replace(s.redis, user, expected, prefs);
  if (!version) {
    throw Error(ErrorCode::kPreconditionFailed,
                "the preferences were changed since they were read");
  }
  prefs.version = *version;
  co_return preferences_response(prefs);
}

}  // namespace

void add_preferences_routes(core::http::Router& router, Service& s) {
  router.add(Method::kGet, kPreferences, [&s](Request& r) { return get_preferences(s, r); });
  router.add(Method::kPut, kPreferences, [&s](Request& r) { return put_preferences(s, r); });
}

}  // namespace classroom::notify::handlers
