// Topics: how a course's teachers group its coursework.
#include <boost/json.hpp>

#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/stream_store.hpp"

namespace classroom::api::handlers {

namespace {

constexpr std::size_t kNameMax = 100;

struct NameBody {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(NameBody, (), (name))

std::string name_of(const Request& request) {
  auto body = core::json::decode<NameBody>(request);
  return core::required_name("name", body.name, kNameMax);
}

asio::awaitable<Response> post(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto name = name_of(request);
  auto access = co_await course_access(service.db, request.param("id"), caller);
  access.require_teacher();
  access.require_active();
  auto tx = co_await core::http::begin(service.db, request);
  auto topic = co_await stream_store::insert_topic(tx, access.course.id, name);
  co_await tx.commit();
  co_return core::json::resource(views::topic(topic), topic.version, 201);
}

asio::awaitable<Response> list(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto page = core::http::id_page_request(request);
  auto items =
      co_await stream_store::list_topics(service.db, access.course.id, page.cursor, page.limit + 1);
  co_return core::json::page_of(request, std::move(items), page.limit, views::topic);
}

// The topic of the path, which only the course's teachers change; `db` is the
// pool or a transaction (which then holds the course row).
template <class Db>
asio::awaitable<Topic> changed_topic(Db& db, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(db, request.param("id"), caller);
  auto topic = co_await stream_store::find_topic(db, access.course.id, request.param("topicId"));
  access.require_teacher();
  access.require_active();
  co_return topic;
}

asio::awaitable<Response> patch(Service& service, Request& request) {
  auto name = name_of(request);
  auto topic = co_await changed_topic(service.db, request);
  auto version = core::http::if_match_version(request);
  auto renamed =
      co_await stream_store::rename_topic(service.db, topic.course_id, topic.id, name, version);
  co_return core::json::resource(views::topic(renamed), renamed.version);
}

asio::awaitable<Response> remove(Service& service, Request& request) {
  // Deleting a topic takes it off its coursework, a change to the course's
  // coursework: like every such change it locks the course row first.
  auto tx = co_await service.db.begin();
  auto topic = co_await changed_topic(tx, request);
  auto version = core::http::if_match_version(request);
  co_await stream_store::delete_topic(tx, topic.course_id, topic.id, version);
  co_await tx.commit();
  co_return Response::no_content();
}

}  // namespace

void add_topic_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  const std::string base = "/api/courses/{id}/topics";
  router.add(Method::kPost, base, s.idempotency.wrap([&s](Request& r) { return post(s, r); }));
  router.add(Method::kGet, base, [&s](Request& r) { return list(s, r); });
  router.add(Method::kPatch, base + "/{topicId}", [&s](Request& r) { return patch(s, r); });
  router.add(Method::kDelete, base + "/{topicId}", [&s](Request& r) { return remove(s, r); });
}

}  // namespace classroom::api::handlers
