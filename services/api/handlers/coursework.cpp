// Coursework (assignments and materials): drafts, publishing, scheduling.
#include "services/api/domain/coursework.hpp"

#include <boost/json.hpp>
#include <set>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/api/coursework_cache.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/links.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/coursework_store.hpp"
#include "services/api/stores/member_store.hpp"
#include "services/api/stores/stream_store.hpp"

namespace classroom::api::handlers {

namespace {

// Every member optional: POST requires some of them, PATCH takes what is present.
struct CourseworkBody {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> work_type;
  std::optional<std::string> topic_id;
  std::optional<double> max_points;
  std::optional<std::string> due_at;
  std::optional<std::vector<LinkInput>> materials;
  std::optional<std::string> state;
  std::optional<std::string> scheduled_at;
  std::optional<std::vector<std::string>> assignees;
};
BOOST_DESCRIBE_STRUCT(CourseworkBody, (),
                      (title, description, work_type, topic_id, max_points, due_at, materials,
                       state, scheduled_at, assignees))

// The body's members as a change: those present in `body`, with their values.
CourseworkChange change_of(const CourseworkBody& b, const boost::json::object& body) {
  auto member = [&body]<class T>(std::string_view name, const std::optional<T>& value) {
    return body.contains(name) ? Change<T>(std::in_place, value) : Change<T>();
  };
  return CourseworkChange{member("title", b.title),
                          member("description", b.description),
                          member("workType", b.work_type),
                          member("topicId", b.topic_id),
                          member("maxPoints", b.max_points),
                          member("dueAt", b.due_at),
                          member("materials", b.materials),
                          member("state", b.state),
                          member("scheduledAt", b.scheduled_at),
                          member("assignees", b.assignees)};
}

// Topic and assignees the request names must belong to the course (422
// otherwise). Stored ones are not checked again: an assignee who has left since
// does not block other changes.
asio::awaitable<void> check_references(core::pg::Transaction& tx, const std::string& course_id,
                                       const CourseworkFields& f, const CourseworkChange& change) {
  if (f.topic_id && change.topic_id) {
    if (!co_await stream_store::has_topic(tx, course_id, *f.topic_id)) {
      throw core::invalid_field("topicId", "is not a topic of this course");
    }
  }
  if (f.assignees && change.assignees) {
    auto students = co_await member_store::count_students(tx, course_id, *f.assignees);
    if (students != static_cast<std::int64_t>(f.assignees->size())) {
      throw core::invalid_field("assignees", "must all be students of the course");
    }
  }
}

Response coursework_response(const Coursework& cw, int status = 200) {
  return core::json::resource(views::coursework(cw), cw.version, status);
}

asio::awaitable<Response> create(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto present = core::json::parse_body(request);
  auto change = change_of(core::json::decode_object<CourseworkBody>(present), present);
  CourseworkDraft draft;
  apply_change(change, draft, true, core::Clock::now());
  const CourseworkFields& f = draft.fields;
  auto tx = co_await core::http::begin(service.db, request);
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_teacher();
  access.require_active();
  co_await check_references(tx, access.course.id, f, change);
  auto cw = co_await coursework_store::insert(tx, access.course.id, caller.user_id, f);
  if (draft.publish) {
    cw = co_await publish_coursework(tx, cw.id, caller.user_id, access.course.name);
  }
  tx.after_commit([&service] { service.relay.nudge(); });
  co_await tx.commit();
  auto response = coursework_response(cw, 201);
  response.set_header("Location", "/api/courses/" + cw.course_id + "/coursework/" + cw.id);
  co_return response;
}

// The course's coursework list at the generation `access` read: from this
// worker's memory, or read once per change from the database.
asio::awaitable<std::shared_ptr<const CourseworkList>> coursework_list(Service& service,
                                                                       const CourseAccess& access) {
  if (auto kept = service.coursework_cache.find(access.course.id, access.coursework_generation)) {
    co_return kept;
  }
  auto snapshot = co_await coursework_store::list(service.db, access.course.id);
  if (!snapshot) {
    throw Error(ErrorCode::kNotFound, "no such course");  // deleted meanwhile
  }
  auto list = std::make_shared<CourseworkList>();
  list->generation = snapshot->generation;
  list->items.reserve(snapshot->items.size());
  for (auto& cw : snapshot->items) {
    std::string json = boost::json::serialize(views::coursework(cw));
    list->items.push_back(CourseworkList::Item{std::move(cw.id), std::move(cw.state),
                                               std::move(cw.topic_id), std::move(cw.assignees),
                                               std::move(json)});
  }
  service.coursework_cache.put(access.course.id, list);
  co_return list;
}

// The page of `list` that `request` asks for. A plain function, not part of
// the coroutine: what it builds would otherwise sit in the coroutine's frame,
// past the 1 KiB that Asio recycles.
Response list_page(const Request& request, const CourseAccess& access,
                   const core::http::Identity& caller, const CourseworkList& list) {
  CourseworkList::Filter filter;
  filter.topic_id = core::http::uuid_query(request, "topicId");
  filter.state = core::http::enum_query(request, "state", {"DRAFT", "PUBLISHED"});
  auto page = core::http::id_page_request(request, {"topicId", "state"});
  // Ids are compared as PostgreSQL writes them: lower-case.
  if (filter.topic_id) {
    filter.topic_id = core::ascii_lower(*filter.topic_id);
  }
  if (page.cursor) {
    filter.after = core::ascii_lower(*page.cursor);
  }
  if (!access.oversees()) {
    filter.student = core::ascii_lower(caller.user_id);
  }
  auto items = list.page(filter, page.limit);
  return core::json::page_response(request, items.items, items.next);
}

asio::awaitable<Response> list(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto list = co_await coursework_list(service, access);
  co_return list_page(request, access, caller, *list);
}

asio::awaitable<Response> get(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto cw = co_await visible_coursework(service.db, access, request.param("cwId"), caller.user_id);
  co_return coursework_response(cw);
}

asio::awaitable<Response> patch(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto present = core::json::parse_body(request);
  auto change = change_of(core::json::decode_object<CourseworkBody>(present), present);
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  std::string cw_id(request.param("cwId"));
  if (!access.oversees()) {
    // A student learns nothing of coursework they cannot see (404), and may
    // change none they can (403).
    co_await visible_coursework(tx, access, cw_id, caller.user_id);
  }
  access.require_teacher();
  if (!core::is_uuid(cw_id)) {
    throw Error(ErrorCode::kNotFound, "no such coursework");
  }
  auto current = co_await coursework_store::lock(tx, access.course.id, cw_id);
  access.require_active();
  core::http::check_version(request, current.version, "coursework");
  CourseworkDraft draft{
      {current.title, current.description, current.work_type, current.topic_id, current.max_points,
       current.due_at, current.materials, current.scheduled_at, current.assignees},
      false};
  apply_change(change, draft, false, core::Clock::now());
  const CourseworkFields& f = draft.fields;
  bool published = current.state == "PUBLISHED";
  if (published && change.state && !draft.publish) {
    throw Error(ErrorCode::kFailedPrecondition, "published coursework cannot return to draft");
  }
  if (published && f.scheduled_at) {
    throw Error(ErrorCode::kFailedPrecondition, "the coursework is already published");
  }
  co_await check_references(tx, access.course.id, f, change);
  auto cw = co_await coursework_store::update(tx, cw_id, f);
  if (draft.publish && !published) {
    cw = co_await publish_coursework(tx, cw_id, caller.user_id, access.course.name);
  } else if (published) {
    // New assignees of published work get their submission now.
    co_await coursework_store::add_assignee_submissions(tx, cw_id);
  }
  co_await tx.commit();
  service.relay.nudge();
  co_return coursework_response(cw);
}

asio::awaitable<Response> remove(Service& service, Request& request) {
  auto caller = request.require_identity();
  // The course row is locked first, as by every writer of coursework
  // (0003_coursework_generation.sql).
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  auto cw = co_await visible_coursework(tx, access, request.param("cwId"), caller.user_id);
  access.require_teacher();
  access.require_active();
  auto version = core::http::if_match_version(request);
  co_await coursework_store::remove(tx, access.course.id, cw.id, version);
  co_await tx.commit();
  co_return Response::no_content();
}

}  // namespace

void add_coursework_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  const std::string base = "/api/courses/{id}/coursework";
  router.add(Method::kPost, base, s.idempotency.wrap([&s](Request& r) { return create(s, r); }));
  router.add(Method::kGet, base, [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, base + "/{cwId}", [&s](Request& r) { return get(s, r); });
  router.add(Method::kPatch, base + "/{cwId}", [&s](Request& r) { return patch(s, r); });
  router.add(Method::kDelete, base + "/{cwId}", [&s](Request& r) { return remove(s, r); });
}

}  // namespace classroom::api::handlers
