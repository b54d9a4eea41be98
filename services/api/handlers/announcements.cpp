// Announcements: the posts of a course's stream.
#include <boost/json.hpp>

#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/stream.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/member_store.hpp"
#include "services/api/stores/stream_store.hpp"

namespace classroom::api::handlers {

namespace {

asio::awaitable<Response> post(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<TextBody>(request);
  auto text = core::required_text("text", body.text, kPostTextMax);
  auto tx = co_await core::http::begin(service.db, request);
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_member();
  access.require_active();
  auto post =
      co_await stream_store::insert_announcement(tx, access.course.id, caller.user_id, text);
  auto members = co_await member_store::member_ids(tx, access.course.id);
  boost::json::object data{{"announcementId", post.id},
                           {"authorId", caller.user_id},
                           {"excerpt", excerpt(text)},
                           {"courseName", access.course.name},
                           {"recipientIds", boost::json::array(members.begin(), members.end())}};
  co_await emit(tx, "announcement.posted", caller.user_id, access.course.id, data);
  tx.after_commit([&service] { service.relay.nudge(); });
  co_await tx.commit();
  co_return core::json::resource(views::announcement(post), post.version, 201);
}

asio::awaitable<Response> list(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto page = core::http::id_page_request(request);
  auto items = co_await stream_store::list_announcements(service.db, access.course.id, page.cursor,
                                                         page.limit + 1);
  co_return core::json::page_of(request, std::move(items), page.limit, views::announcement);
}

asio::awaitable<Response> get(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto post = co_await stream_store::find_announcement(service.db, access.course.id,
                                                       request.param("postId"));
  co_return core::json::resource(views::announcement(post), post.version);
}

asio::awaitable<Response> patch(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<TextBody>(request);
  auto text = core::required_text("text", body.text, kPostTextMax);
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto post = co_await stream_store::find_announcement(service.db, access.course.id,
                                                       request.param("postId"));
  access.require_author_or_teacher(post.author_id, caller.user_id);
  auto version = core::http::if_match_version(request);
  auto updated = co_await stream_store::update_announcement(service.db, access.course.id, post.id,
                                                            text, version);
  co_return core::json::resource(views::announcement(updated), updated.version);
}

asio::awaitable<Response> remove(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto post = co_await stream_store::find_announcement(service.db, access.course.id,
                                                       request.param("postId"));
  access.require_author_or_teacher(post.author_id, caller.user_id);
  auto version = core::http::if_match_version(request);
  co_await stream_store::delete_announcement(service.db, access.course.id, post.id, version);
  co_return Response::no_content();
}

}  // namespace

void add_announcement_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  const std::string base = "/api/courses/{id}/announcements";
  router.add(Method::kPost, base, s.idempotency.wrap([&s](Request& r) { return post(s, r); }));
  router.add(Method::kGet, base, [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, base + "/{postId}", [&s](Request& r) { return get(s, r); });
  router.add(Method::kPatch, base + "/{postId}", [&s](Request& r) { return patch(s, r); });
  router.add(Method::kDelete, base + "/{postId}", [&s](Request& r) { return remove(s, r); });
}

}  // namespace classroom::api::handlers
