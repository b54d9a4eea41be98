// Joining by code, the member list, removing a member, leaving.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/ratelimit/limiter.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/course_store.hpp"
#include "services/api/stores/member_store.hpp"

namespace classroom::api::handlers {

namespace {

struct JoinRequest {
  std::string code;
};
BOOST_DESCRIBE_STRUCT(JoinRequest, (), (code))

asio::awaitable<Response> join(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<JoinRequest>(request);
  auto code = normalize_join_code(body.code);
  if (!code) {
    throw Error(ErrorCode::kNotFound, "no course has this join code");
  }
  auto tx = co_await core::http::begin(service.db, request);
  auto course = co_await course_store::lock_by_code(tx, *code);
  if (!course) {
    throw Error(ErrorCode::kNotFound, "no course has this join code");
  }
  auto member = co_await add_member(tx, *course, caller.user_id, CourseRole::kStudent, "code");
  tx.after_commit([&service] { service.relay.nudge(); });
  co_await tx.commit();
  co_return core::json::response(200, views::member(member));
}

bool is_wrong_code(const Response* response, std::exception_ptr failure) {
  if (response) {
    return response->status == 404;
  }
  try {
    std::rethrow_exception(failure);
  } catch (const Error& e) {
    return e.code() == ErrorCode::kNotFound;
  } catch (...) {
    return false;
  }
}

// Every join is counted as a wrong code before its code is looked up, on the
// caller's account and address, and refused (429) once either is full, so
// that a guesser learns nothing more, not even from a right code. Any other
// answer than 404 gives back its own count, and only its own: a guesser
// holding one good code cannot clear the failures counted before it. Checked
// outside the Idempotency-Key wrap: a refusal claims no key, whose retry
// would otherwise replay the 429 long after its Retry-After.
asio::awaitable<Response> limited_join(Service& service, const core::http::Handler& join,
                                       Request& request) {
  auto caller = request.require_identity();
  std::vector<core::ratelimit::Counter> attempt{
      {service.config.join_per_account, {caller.user_id}},
      {service.config.join_per_address, {request.client_address}}};
  co_await service.limiter.take(attempt, "too many wrong join codes; try again later");
  std::optional<Response> response;
  std::exception_ptr failure;
  try {
    response = co_await join(request);
  } catch (...) {
    failure = std::current_exception();
  }
  if (!is_wrong_code(response ? &*response : nullptr, failure)) {
    co_await service.limiter.give_back(std::move(attempt));
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
  co_return std::move(*response);
}

// Cursor: "<joined_at with microseconds>|<user id>".
asio::awaitable<Response> list_members(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto role = core::http::enum_query(request, "role", {"owner", "teacher", "student"});
  auto page = core::http::page_request(request, {"role"});
  std::optional<member_store::Cursor> after;
  if (page.cursor) {
    auto bar = page.cursor->find('|');
    auto at = bar == std::string::npos ? std::nullopt : utc_time(page.cursor->substr(0, bar));
    if (!at || !core::is_uuid(page.cursor->substr(bar + 1))) {
      throw Error(ErrorCode::kMalformed, "cursor is not one this endpoint gave out",
                  {{"cursor", "is not valid"}});
    }
    // The exact microseconds, checked above.
    after = member_store::Cursor{page.cursor->substr(0, bar), page.cursor->substr(bar + 1)};
  }
  auto members =
      co_await member_store::list(service.db, access.course.id, role, after, page.limit + 1);
  boost::json::array items;
  std::optional<std::string> next;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (static_cast<int>(i) == page.limit) {
      const auto& last = members[i - 1].cursor;
      next = last.joined_at + "|" + last.user_id;
      break;
    }
    items.push_back(views::member(members[i].member));
  }
  co_return core::json::page_response(request, items, next);
}

asio::awaitable<void> remove(Service& service, core::pg::Transaction& tx,
                             const CourseAccess& access, const std::string& user_id,
                             const std::string& actor, const std::string& reason) {
  auto removed = co_await member_store::remove(tx, access.course.id, user_id);
  if (!removed) {
    // Removed, or left, by a request that committed while this one waited.
    throw Error(ErrorCode::kNotFound, "no such member");
  }
  boost::json::object data{{"userId", user_id},
                           {"role", role_name(*removed)},
                           {"reason", reason},
                           {"courseName", access.course.name}};
  co_await emit(tx, "course.member_removed", actor, access.course.id, data);
  co_await tx.commit();
  service.relay.nudge();
}

asio::awaitable<Response> remove_member(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_teacher();
  std::string user_id(request.param("userId"));
  if (!core::is_uuid(user_id)) {
    throw Error(ErrorCode::kNotFound, "no such member");
  }
  auto role = co_await member_store::role_of(tx, access.course.id, user_id);
  if (role == CourseRole::kNone) {
    throw Error(ErrorCode::kNotFound, "no such member");
  }
  if (role == CourseRole::kOwner) {
    throw Error(ErrorCode::kFailedPrecondition, "the owner cannot be removed");
  }
  if (role == CourseRole::kTeacher && access.role != CourseRole::kOwner) {
    throw Error(ErrorCode::kPermissionDenied, "only the owner removes teachers");
  }
  access.require_active();
  co_await remove(service, tx, access, user_id, caller.user_id, "removed");
  co_return Response::no_content();
}

asio::awaitable<Response> leave(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_member();
  if (access.role == CourseRole::kOwner) {
    throw Error(ErrorCode::kFailedPrecondition, "the owner cannot leave the course");
  }
  access.require_active();
  co_await remove(service, tx, access, caller.user_id, caller.user_id, "left");
  co_return Response::no_content();
}

}  // namespace

void add_member_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  router.add(Method::kPost, "/api/courses/join",
             [&s, wrapped = s.idempotency.wrap([&s](Request& r) { return join(s, r); })](
                 Request& r) { return limited_join(s, wrapped, r); });
  router.add(Method::kGet, "/api/courses/{id}/members",
             [&s](Request& r) { return list_members(s, r); });
  router.add(Method::kDelete, "/api/courses/{id}/members/{userId}",
             [&s](Request& r) { return remove_member(s, r); });
  router.add(Method::kPost, "/api/courses/{id}/leave", [&s](Request& r) { return leave(s, r); });
}

}  // namespace classroom::api::handlers
