// Courses: create, list, read, change, archive, delete; join codes.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/course_store.hpp"
#include "services/api/stores/member_store.hpp"

namespace classroom::api::handlers {

namespace {

struct NewCourse {
  std::string name;
  std::optional<std::string> section;
  std::optional<std::string> description;
  std::optional<std::string> room;
};
BOOST_DESCRIBE_STRUCT(NewCourse, (), (name, section, description, room))

// The members a PATCH may name; their presence is read from the body itself.
struct CoursePatch {
  std::optional<std::string> name;
  std::optional<std::string> section;
  std::optional<std::string> description;
  std::optional<std::string> room;
};
BOOST_DESCRIBE_STRUCT(CoursePatch, (), (name, section, description, room))

constexpr std::size_t kNameMax = 200;
constexpr std::size_t kDescriptionMax = 5000;

Response course_response(const Course& course, CourseRole role, int status = 200) {
  return core::json::resource(views::course(course, role), course.version, status);
}

asio::awaitable<Response> create_course(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<NewCourse>(request);
  core::Validation v;
  auto name = v.check([&] { return core::required_name("name", body.name, kNameMax); });
  auto section = v.check([&] { return core::optional_name("section", body.section, kNameMax); });
  auto description = v.check(
      [&] { return core::optional_text("description", body.description, kDescriptionMax); });
  auto room = v.check([&] { return core::optional_name("room", body.room, kNameMax); });
  v.throw_if_invalid();
  std::string id = core::new_uuid();
  course_store::Fields fields{name, section, description, room};
  auto tx = co_await core::http::begin(service.db, request);
  auto course = co_await course_store::insert(tx, id, fields, caller.user_id);
  co_await member_store::insert(tx, id, caller.user_id, CourseRole::kOwner);
  co_await tx.commit();
  auto response = course_response(course, CourseRole::kOwner, 201);
  response.set_header("Location", "/api/courses/" + id);
  co_return response;
}

asio::awaitable<Response> list_courses(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto role = core::http::enum_query(request, "role", {"owner", "teacher", "student"});
  auto state = core::http::enum_query(request, "state", {"ACTIVE", "ARCHIVED"});
  auto page = core::http::id_page_request(request, {"role", "state"});
  auto items = co_await course_store::list_mine(service.db, caller.user_id, role, state,
                                                page.cursor, page.limit + 1);
  co_return core::json::page_of(
      request, std::move(items), page.limit,
      [](const course_store::MyCourse& mine) { return views::course(mine.course, mine.role); });
}

asio::awaitable<Response> get_course(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  co_return course_response(access.course, access.role);
}

asio::awaitable<Response> patch_course(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::parse_body(request);
  core::json::decode_object<CoursePatch>(body);  // types and unknown fields
  core::Validation v;
  auto name = v.check([&] {
    auto text = core::json::patch_text(body, "name", kNameMax, core::TextKind::kName);
    if (text && !*text) {
      throw core::invalid_field("name", "must not be empty");
    }
    return text;
  });
  auto section = v.check(
      [&] { return core::json::patch_text(body, "section", kNameMax, core::TextKind::kName); });
  auto description = v.check([&] {
    return core::json::patch_text(body, "description", kDescriptionMax, core::TextKind::kText);
  });
  auto room = v.check(
      [&] { return core::json::patch_text(body, "room", kNameMax, core::TextKind::kName); });
  v.throw_if_invalid();
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_teacher();
  access.require_active();
  core::http::check_version(request, access.course.version, "course");
  // Named before the co_await (GCC 12, docs/decisions.md).
  const Course& c = access.course;
  course_store::Fields fields{name ? **name : c.name, section ? *section : c.section,
                              description ? *description : c.description, room ? *room : c.room};
  auto updated = co_await course_store::update(tx, c.id, fields);
  co_await tx.commit();
  co_return course_response(updated, access.role);
}

asio::awaitable<Response> delete_course(Service& service, Request& request) {
  auto tx = co_await service.db.begin();
  auto caller = request.require_identity();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_owner();
  if (access.course.state != "ARCHIVED") {
    throw Error(ErrorCode::kFailedPrecondition, "archive the course before deleting it");
  }
  core::http::check_version(request, access.course.version, "course");
  co_await course_store::remove(tx, access.course.id);
  co_await tx.commit();
  co_return Response::no_content();
}

asio::awaitable<Response> archive(Service& service, Request& request, bool archived) {
  auto tx = co_await service.db.begin();
  auto caller = request.require_identity();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_owner();
  const Course& c = access.course;
  std::string from = archived ? "ACTIVE" : "ARCHIVED";
  if (c.state != from) {
    throw Error(ErrorCode::kFailedPrecondition,
                archived ? "the course is already archived" : "the course is not archived");
  }
  core::http::check_version(request, c.version, "course");
  std::string to = archived ? "ARCHIVED" : "ACTIVE";
  auto changed = co_await course_store::set_state(tx, c, to);
  co_await tx.commit();
  co_return course_response(changed, access.role);
}

asio::awaitable<Response> set_join_code(Service& service, Request& request, bool enable) {
  auto tx = co_await service.db.begin();
  auto caller = request.require_identity();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_teacher();
  access.require_active();
  const std::string& id = access.course.id;
  Course changed;
  if (enable) {
    changed = co_await course_store::renew_join_code(tx, id);
  } else {
    changed = co_await course_store::clear_join_code(tx, id);
  }
  co_await tx.commit();
  co_return course_response(changed, access.role);
}

}  // namespace

void add_course_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  router.add(Method::kPost, "/api/courses",
             s.idempotency.wrap([&s](Request& r) { return create_course(s, r); }));
  router.add(Method::kGet, "/api/courses", [&s](Request& r) { return list_courses(s, r); });
  router.add(Method::kGet, "/api/courses/{id}", [&s](Request& r) { return get_course(s, r); });
  router.add(Method::kPatch, "/api/courses/{id}", [&s](Request& r) { return patch_course(s, r); });
  router.add(Method::kDelete, "/api/courses/{id}",
             [&s](Request& r) { return delete_course(s, r); });
  router.add(Method::kPost, "/api/courses/{id}/archive",
             [&s](Request& r) { return archive(s, r, true); });
  router.add(Method::kPost, "/api/courses/{id}/unarchive",
             [&s](Request& r) { return archive(s, r, false); });
  router.add(Method::kPost, "/api/courses/{id}/join-code",
             [&s](Request& r) { return set_join_code(s, r, true); });
  router.add(Method::kDelete, "/api/courses/{id}/join-code",
             [&s](Request& r) { return set_join_code(s, r, false); });
}

}  // namespace classroom::api::handlers
