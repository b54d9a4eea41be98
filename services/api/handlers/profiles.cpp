// GET|PATCH /api/me, GET /api/users/{id}: profiles.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/handlers/common.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/queries.hpp"
#include "services/api/rows.hpp"

namespace classroom::api::handlers {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;
using core::http::Method;
using core::http::Request;
using core::http::Response;

namespace {

struct ProfilePatch {
  std::string display_name;
};
BOOST_DESCRIBE_STRUCT(ProfilePatch, (), (display_name))

// Until user.registered arrives the name is the e-mail's local part. The
// event may be applied at the same moment: whichever insert loses reads the
// winner's row.
asio::awaitable<Profile> ensure_profile(Service& service, const core::http::Identity& caller) {
  auto found = co_await service.db.query(queries::kSelectProfile, caller.user_id);
  if (!found.empty()) {
    co_return rows::profile(found, 0);
  }
  std::string name = caller.email.substr(0, caller.email.find('@'));
  if (name.empty()) {
    name = "user";
  }
  auto created =
      co_await service.db.query(queries::kCreateProfile, caller.user_id, caller.email, name);
  if (!created.empty()) {
    co_return rows::profile(created, 0);
  }
  auto existing = co_await service.db.query(queries::kSelectProfile, caller.user_id);
  co_return rows::profile(existing, 0);
}

asio::awaitable<Response> get_me(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto profile = co_await ensure_profile(service, caller);
  co_return views::resource(views::profile(profile, true), profile.version);
}

asio::awaitable<Response> patch_me(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto patch = core::json::decode<ProfilePatch>(request);
  std::string name = core::required_text("displayName", patch.display_name, 100);
  auto version = core::http::if_match_version(request);
  co_await ensure_profile(service, caller);
  auto r = co_await service.db.query(queries::kRenameProfile, caller.user_id, name, version);
  if (r.empty()) {
    throw Error(ErrorCode::kPreconditionFailed, "the profile was changed since it was read");
  }
  auto profile = rows::profile(r, 0);
  co_return views::resource(views::profile(profile, true), profile.version);
}

asio::awaitable<Response> get_user(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto id = request.param("id");
  require_uuid(id, "user");
  auto r = co_await service.db.query(queries::kSelectVisibleProfile, id, caller.user_id,
                                     caller.is_admin());
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such user");
  }
  auto profile = rows::profile(r, 0);
  bool with_email = caller.is_admin() || profile.id == caller.user_id;
  co_return views::resource(views::profile(profile, with_email), profile.version);
}

}  // namespace

void add_profile_routes(core::http::Router& router, Service& service) {
  router.add(Method::kGet, "/api/me", [&service](Request& r) { return get_me(service, r); });
  router.add(Method::kPatch, "/api/me", [&service](Request& r) { return patch_me(service, r); });
  router.add(Method::kGet, "/api/users/{id}",
             [&service](Request& r) { return get_user(service, r); });
}

}  // namespace classroom::api::handlers
