// Coursework (assignments and materials): drafts, publishing, scheduling.
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

constexpr std::size_t kTitleMax = 300;
constexpr std::size_t kDescriptionMax = 20000;
constexpr std::size_t kMaterialsMax = 20;
constexpr std::int64_t kMaxPointsLimit = 10000 * 100;

// Every member optional: POST requires some of them, PATCH takes what is present.
struct CourseworkBody {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> work_type;
  std::optional<std::string> topic_id;
  std::optional<double> max_points;
  std::optional<std::string> due_at;
  std::optional<std::vector<LinkBody>> materials;
  std::optional<std::string> state;
  std::optional<std::string> scheduled_at;
  std::optional<std::vector<std::string>> assignees;
};
BOOST_DESCRIBE_STRUCT(CourseworkBody, (),
                      (title, description, work_type, topic_id, max_points, due_at, materials,
                       state, scheduled_at, assignees))

// The fields as they will be written: the current values with the body's
// changes applied, validated together.
struct Fields {
  std::string title;
  std::optional<std::string> description;
  std::string work_type;
  std::optional<std::string> topic_id;
  std::optional<std::int64_t> max_points;
  std::optional<std::string> due_at;
  std::vector<Link> materials;
  std::optional<std::string> scheduled_at;
  std::optional<std::vector<std::string>> assignees;
  bool publish = false;
};

std::vector<std::string> assignees(const std::vector<std::string>& ids) {
  if (ids.empty()) {
    throw core::invalid_field("assignees", "give at least one student, or null for all");
  }
  std::set<std::string> unique;
  for (const auto& id : ids) {
    if (!core::is_uuid(id)) {
      throw core::invalid_field("assignees", "must be user ids");
    }
    unique.insert(id);
  }
  return {unique.begin(), unique.end()};
}

// Applies `body` (its members present in `present`) to `f`; 422 lists every invalid field.
void apply(const CourseworkBody& body, const boost::json::object& present, Fields& f, bool creating,
           core::Clock::time_point now) {
  core::Validation v;
  auto has = [&](std::string_view name) { return present.contains(name); };
  if (creating || has("title")) {
    v.check([&] { f.title = core::required_text("title", body.title.value_or(""), kTitleMax); });
  }
  if (has("description")) {
    v.check([&] {
      f.description = core::optional_text("description", body.description, kDescriptionMax);
    });
  }
  if (creating) {
    v.check([&] {
      f.work_type = body.work_type.value_or("");
      if (f.work_type != "ASSIGNMENT" && f.work_type != "MATERIAL") {
        throw core::invalid_field("workType", "must be ASSIGNMENT or MATERIAL");
      }
    });
  } else if (has("workType") && body.work_type != f.work_type) {
    v.check([] { throw core::invalid_field("workType", "cannot change; create new coursework"); });
  }
  if (has("topicId")) {
    v.check([&] {
      if (body.topic_id && !core::is_uuid(*body.topic_id)) {
        throw core::invalid_field("topicId", "is not a topic of this course");
      }
      f.topic_id = body.topic_id;
    });
  }
  if (has("maxPoints")) {
    v.check([&] {
      f.max_points.reset();
      if (body.max_points) {
        auto points = to_hundredths(*body.max_points);
        if (!points || *points <= 0 || *points > kMaxPointsLimit) {
          throw core::invalid_field(
              "maxPoints", "must be more than 0 and at most 10000, with two decimals at most");
        }
        f.max_points = points;
      }
    });
  }
  if (has("dueAt")) {
    v.check([&] {
      f.due_at.reset();
      if (body.due_at) {
        f.due_at = time_field("dueAt", *body.due_at);
      }
    });
  }
  if (has("materials")) {
    v.check([&] {
      f.materials = checked_links("materials", body.materials.value_or(std::vector<LinkBody>{}),
                                  kMaterialsMax);
    });
  }
  if (has("assignees")) {
    v.check([&] {
      f.assignees.reset();
      if (body.assignees) {
        f.assignees = assignees(*body.assignees);
      }
    });
  }
  if (has("state")) {
    v.check([&] {
      if (body.state != "DRAFT" && body.state != "PUBLISHED") {
        throw core::invalid_field("state", "must be DRAFT or PUBLISHED");
      }
      f.publish = body.state == "PUBLISHED";
    });
  }
  if (has("scheduledAt")) {
    v.check([&] {
      f.scheduled_at.reset();
      if (body.scheduled_at) {
        auto text = time_field("scheduledAt", *body.scheduled_at);
        if (*core::parse_time(text) <= now) {
          throw core::invalid_field("scheduledAt", "must be in the future");
        }
        f.scheduled_at = text;
      }
    });
  }
  if (f.work_type == "MATERIAL" && (f.max_points || f.due_at)) {
    v.check(
        [] { throw core::invalid_field("workType", "materials have no points and no due date"); });
  }
  if (f.publish && f.scheduled_at && creating) {
    v.check(
        [] { throw core::invalid_field("scheduledAt", "a scheduled item is created as a DRAFT"); });
  }
  v.throw_if_invalid();
}

// Topic and assignees the request names must belong to the course (422
// otherwise). Stored ones are not checked again: an assignee who has left since
// does not block other changes.
asio::awaitable<void> check_references(core::pg::Transaction& tx, const std::string& course_id,
                                       const Fields& f, const boost::json::object& present) {
  if (f.topic_id && present.contains("topicId")) {
    auto topic = co_await tx.query(queries::kTopicExists, course_id, *f.topic_id);
    if (topic.empty()) {
      throw core::invalid_field("topicId", "is not a topic of this course");
    }
  }
  if (f.assignees && present.contains("assignees")) {
    std::string ids = rows::uuid_array(*f.assignees);
    auto count = co_await tx.query(queries::kCountStudents, course_id, ids);
    if (count.get<std::int64_t>(0, 0) != static_cast<std::int64_t>(f.assignees->size())) {
      throw core::invalid_field("assignees", "must all be students of the course");
    }
  }
}

std::optional<std::string> assignee_array(const Fields& f) {
  if (!f.assignees) {
    return std::nullopt;
  }
  return rows::uuid_array(*f.assignees);
}

Response coursework_response(const Coursework& cw, int status = 200) {
  return views::resource(views::coursework(cw), cw.version, status);
}

asio::awaitable<Response> create(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto present = core::json::parse_body(request);
  auto body = core::json::decode_object<CourseworkBody>(present);
  Fields f;
  apply(body, present, f, true, core::Clock::now());
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_teacher();
  access.require_active();
  co_await check_references(tx, access.course.id, f, present);
  std::string id = core::new_uuid();
  auto assignees = assignee_array(f);
  auto materials = rows::links_json(f.materials);
  // The topic may be deleted while this request runs.
  auto r =
      co_await translate(tx.query(queries::kInsertCoursework, id, access.course.id, caller.user_id,
                                  f.title, f.description, f.work_type, f.max_points, f.due_at,
                                  materials, f.scheduled_at, assignees, f.topic_id),
                         Refusal::kForeignKeyViolation,
                         core::invalid_field("topicId", "is not a topic of this course"));
  auto cw = rows::coursework(r, 0);
  if (f.publish) {
    cw = co_await publish_coursework(tx, id, caller.user_id, access.course.name);
  }
  co_await tx.commit();
  service.relay.nudge();
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
  auto r = co_await service.db.query(queries::kSelectCourseworkList, access.course.id);
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such course");  // deleted meanwhile
  }
  auto list = std::make_shared<CourseworkList>();
  list->generation = r.get<std::int64_t>(0, 18);
  list->items.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    if (r.is_null(i, 0)) {
      continue;  // the one row of a course without coursework
    }
    auto cw = rows::coursework(r, i);
    std::string json = boost::json::serialize(views::coursework(cw));
    list->items.push_back(CourseworkList::Item{std::move(cw.id), std::move(cw.state),
                                               std::move(cw.topic_id), std::move(cw.assignees),
                                               std::move(json)});
  }
  service.coursework_cache.put(access.course.id, list);
  co_return list;
}

asio::awaitable<Response> list(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  CourseworkList::Filter filter;
  filter.topic_id = core::http::uuid_query(request, "topicId");
  filter.state = core::http::enum_query(request, "state", {"DRAFT", "PUBLISHED"});
  auto page = core::http::id_page_request(request);
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
  auto list = co_await coursework_list(service, access);
  auto items = list->page(filter, page.limit);
  co_return core::json::page_response(request, items.items, items.next);
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
  auto body = core::json::decode_object<CourseworkBody>(present);
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  std::string cw_id(request.param("cwId"));
  require_uuid(cw_id, "coursework");
  if (!access.oversees()) {
    // A student learns nothing of coursework they cannot see (404), and may
    // change none they can (403).
    co_await visible_coursework(tx, access, cw_id, caller.user_id);
  }
  access.require_teacher();
  auto current_row =
      co_await tx.query(queries::kSelectCourseworkForUpdate, access.course.id, cw_id);
  if (current_row.empty()) {
    throw Error(ErrorCode::kNotFound, "no such coursework");
  }
  auto current = rows::coursework(current_row, 0);
  access.require_active();
  core::http::check_version(request, current.version, "coursework");
  Fields f{current.title,      current.description,
           current.work_type,  current.topic_id,
           current.max_points, current.due_at,
           current.materials,  current.scheduled_at,
           current.assignees,  false};
  apply(body, present, f, false, core::Clock::now());
  bool published = current.state == "PUBLISHED";
  if (published && present.contains("state") && !f.publish) {
    throw Error(ErrorCode::kFailedPrecondition, "published coursework cannot return to draft");
  }
  if (published && f.scheduled_at) {
    throw Error(ErrorCode::kFailedPrecondition, "the coursework is already published");
  }
  co_await check_references(tx, access.course.id, f, present);
  auto assignees = assignee_array(f);
  auto materials = rows::links_json(f.materials);
  auto r = co_await translate(
      tx.query(queries::kUpdateCoursework, cw_id, f.title, f.description, f.max_points, f.due_at,
               materials, f.scheduled_at, assignees, f.topic_id),
      Refusal::kForeignKeyViolation,
      core::invalid_field("topicId", "is not a topic of this course"));
  auto cw = rows::coursework(r, 0);
  if (f.publish && !published) {
    cw = co_await publish_coursework(tx, cw_id, caller.user_id, access.course.name);
  } else if (published) {
    // New assignees of published work get their submission now.
    co_await tx.query(queries::kAddAssigneeSubmissions, cw_id);
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
  auto r = co_await tx.query(queries::kDeleteCoursework, access.course.id, cw.id, version);
  if (r.empty()) {
    core::http::changed_or_gone("coursework", version);
  }
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
