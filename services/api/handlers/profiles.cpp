// GET|PATCH /api/me, GET /api/users/{id}: profiles.
#include <boost/json.hpp>

#include "core/http/conditional.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/profile_store.hpp"

namespace classroom::api::handlers {

namespace {

struct ProfilePatch {
  std::string display_name;
};
BOOST_DESCRIBE_STRUCT(ProfilePatch, (), (display_name))

asio::awaitable<Profile> ensure_profile(Service& service, const core::http::Identity& caller) {
  std::string fallback = name_from_email(caller.email);
  co_return co_await profile_store::ensure(service.db, caller.user_id, caller.email, fallback);
}

asio::awaitable<Response> get_me(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto profile = co_await ensure_profile(service, caller);
  co_return core::json::resource(views::profile(profile, true), profile.version);
}

asio::awaitable<Response> patch_me(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto patch = core::json::decode<ProfilePatch>(request);
  std::string name = core::required_name("displayName", patch.display_name, 100);
  auto version = core::http::if_match_version(request);
  co_await ensure_profile(service, caller);
  auto profile = co_await profile_store::rename(service.db, caller.user_id, name, version);
  co_return core::json::resource(views::profile(profile, true), profile.version);
}

asio::awaitable<Response> get_user(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto profile = co_await profile_store::find_visible(service.db, request.param("id"),
                                                      caller.user_id, caller.is_admin());
  bool with_email = caller.is_admin() || profile.id == caller.user_id;
  co_return core::json::resource(views::profile(profile, with_email), profile.version);
}

}  // namespace

void add_profile_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/api/me", [&service](Request& r) { return get_me(service, r); });
  router.add(Method::kPatch, "/api/me", [&service](Request& r) { return patch_me(service, r); });
  router.add(Method::kGet, "/api/users/{id}",
             [&service](Request& r) { return get_user(service, r); });
}

}  // namespace classroom::api::handlers
