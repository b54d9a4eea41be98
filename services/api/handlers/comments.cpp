// Comments on announcements and on coursework.
#include <boost/json.hpp>

#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/stream.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/coursework_store.hpp"
#include "services/api/stores/member_store.hpp"
#include "services/api/stores/stream_store.hpp"

namespace classroom::api::handlers {

namespace {

// What a comment hangs on: an announcement or coursework the caller can see.
struct Thread {
  CourseAccess access;
  stream_store::Thread ids;
  std::optional<Coursework> coursework;
};

asio::awaitable<Thread> find_thread(Service& service, Request& request, bool on_coursework) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  Thread thread{std::move(access), {}, {}};
  thread.ids.course_id = thread.access.course.id;
  if (on_coursework) {
    auto cw = co_await visible_coursework(service.db, thread.access, request.param("cwId"),
                                          caller.user_id);
    thread.ids.coursework_id = cw.id;
    thread.coursework = std::move(cw);
  } else {
    auto post = co_await stream_store::find_announcement(service.db, thread.ids.course_id,
                                                         request.param("postId"));
    thread.ids.announcement_id = post.id;
  }
  co_return thread;
}

// Whom a new comment concerns: on coursework, only those who can see it (its
// teachers and, once published, its assigned students); else every member.
asio::awaitable<boost::json::array> recipients(core::pg::Transaction& tx, const Thread& thread) {
  std::vector<std::string> ids;
  if (thread.coursework) {
    ids = co_await member_store::teacher_ids(tx, thread.ids.course_id);
    if (thread.coursework->state == "PUBLISHED") {
      auto students = co_await coursework_store::assignee_ids(tx, thread.coursework->id);
      ids.insert(ids.end(), students.begin(), students.end());
    }
  } else {
    ids = co_await member_store::member_ids(tx, thread.ids.course_id);
  }
  co_return boost::json::array(ids.begin(), ids.end());
}

asio::awaitable<Response> post(Service& service, Request& request, bool on_coursework) {
  auto caller = request.require_identity();
  auto body = core::json::decode<TextBody>(request);
  auto text = core::required_text("text", body.text, kPostTextMax);
  auto thread = co_await find_thread(service, request, on_coursework);
  thread.access.require_member();
  thread.access.require_active();
  auto tx = co_await core::http::begin(service.db, request);
  auto comment = co_await stream_store::insert_comment(tx, thread.ids, caller.user_id, text);
  auto to = co_await recipients(tx, thread);
  boost::json::object data{{"commentId", comment.id},
                           {"authorId", caller.user_id},
                           {"excerpt", excerpt(text)},
                           {"courseName", thread.access.course.name},
                           {"recipientIds", std::move(to)}};
  if (on_coursework) {
    data["courseworkId"] = *thread.ids.coursework_id;
  } else {
    data["announcementId"] = *thread.ids.announcement_id;
  }
  co_await emit(tx, "comment.posted", caller.user_id, thread.ids.course_id, data);
  tx.after_commit([&service] { service.relay.nudge(); });
  co_await tx.commit();
  co_return core::json::response(201, views::comment(comment));
}

asio::awaitable<Response> list(Service& service, Request& request, bool on_coursework) {
  auto thread = co_await find_thread(service, request, on_coursework);
  auto page = core::http::id_page_request(request);
  auto items =
      co_await stream_store::list_comments(service.db, thread.ids, page.cursor, page.limit + 1);
  co_return core::json::page_of(request, std::move(items), page.limit, views::comment);
}

asio::awaitable<Response> remove(Service& service, Request& request, bool on_coursework) {
  auto caller = request.require_identity();
  auto thread = co_await find_thread(service, request, on_coursework);
  auto comment =
      co_await stream_store::find_comment(service.db, thread.ids, request.param("commentId"));
  thread.access.require_author_or_teacher(comment.author_id, caller.user_id);
  co_await stream_store::delete_comment(service.db, comment.id);
  co_return Response::no_content();
}

}  // namespace

void add_comment_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  for (bool on_coursework : {false, true}) {
    std::string base = on_coursework ? "/api/courses/{id}/coursework/{cwId}/comments"
                                     : "/api/courses/{id}/announcements/{postId}/comments";
    router.add(Method::kPost, base, s.idempotency.wrap([&s, on_coursework](Request& r) {
      return post(s, r, on_coursework);
    }));
    router.add(Method::kGet, base,
               [&s, on_coursework](Request& r) { return list(s, r, on_coursework); });
    router.add(Method::kDelete, base + "/{commentId}",
               [&s, on_coursework](Request& r) { return remove(s, r, on_coursework); });
  }
}

}  // namespace classroom::api::handlers
