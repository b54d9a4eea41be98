// The stream: announcements, their comments and coursework comments; topics.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
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

constexpr std::size_t kTextMax = 10000;
constexpr std::size_t kTopicMax = 100;

struct TextBody {
  std::string text;
};
BOOST_DESCRIBE_STRUCT(TextBody, (), (text))

struct NameBody {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(NameBody, (), (name))

void append_ids(boost::json::array& ids, const core::pg::Result& r) {
  for (int i = 0; i < r.rows(); ++i) {
    ids.push_back(boost::json::string(r.text(i, 0)));
  }
}

// Everyone the course's stream reaches, for the event's recipients.
asio::awaitable<boost::json::array> member_ids(core::pg::Transaction& tx,
                                               const std::string& course_id) {
  auto r = co_await tx.query(queries::kSelectMemberIds, course_id, std::nullopt);
  boost::json::array ids;
  append_ids(ids, r);
  co_return ids;
}

// A short excerpt for notifications.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 200;
  if (text.size() <= kMax) {
    return std::string(text);
  }
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  return std::string(text.substr(0, cut)) + "…";
}

// ---- announcements ------------------------------------------------------------

asio::awaitable<Response> post_announcement(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<TextBody>(request);
  auto text = core::required_text("text", body.text, kTextMax);
  auto tx = co_await service.db.begin();
  auto access = co_await course_access(tx, request.param("id"), caller);
  access.require_member();
  access.require_active();
  std::string id = core::new_uuid();
  auto r =
      co_await tx.query(queries::kInsertAnnouncement, id, access.course.id, caller.user_id, text);
  auto post = rows::announcement(r, 0);
  auto recipients = co_await member_ids(tx, access.course.id);
  boost::json::object data{{"announcementId", post.id},
                           {"authorId", caller.user_id},
                           {"excerpt", excerpt(text)},
                           {"courseName", access.course.name},
                           {"recipientIds", std::move(recipients)}};
  co_await emit(tx, "announcement.posted", caller.user_id, access.course.id, data);
  co_await tx.commit();
  service.relay.nudge();
  co_return views::resource(views::announcement(post), post.version, 201);
}

asio::awaitable<Response> list_announcements(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto page = core::http::id_page_request(request);
  auto r = co_await service.db.query(queries::kListAnnouncements, access.course.id, page.cursor,
                                     page.limit + 1);
  std::vector<Announcement> items;
  for (int i = 0; i < r.rows(); ++i) {
    items.push_back(rows::announcement(r, i));
  }
  co_return core::json::page_of(request, std::move(items), page.limit, views::announcement);
}

asio::awaitable<Announcement> find_announcement(core::pg::Pool& db, const CourseAccess& access,
                                                std::string_view id) {
  require_uuid(id, "announcement");
  auto r = co_await db.query(queries::kSelectAnnouncement, access.course.id, id);
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such announcement");
  }
  co_return rows::announcement(r, 0);
}

asio::awaitable<Response> get_announcement(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto post = co_await find_announcement(service.db, access, request.param("postId"));
  co_return views::resource(views::announcement(post), post.version);
}

// The author or a teacher may change or delete a post.
void require_author_or_teacher(const CourseAccess& access, const std::string& author_id,
                               const core::http::Identity& caller) {
  if (author_id != caller.user_id && !is_teacher(access.role)) {
    throw Error(ErrorCode::kPermissionDenied, "only the author or a teacher may do this");
  }
  access.require_active();
}

asio::awaitable<Response> patch_announcement(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<TextBody>(request);
  auto text = core::required_text("text", body.text, kTextMax);
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto post = co_await find_announcement(service.db, access, request.param("postId"));
  require_author_or_teacher(access, post.author_id, caller);
  auto version = core::http::if_match_version(request);
  auto r = co_await service.db.query(queries::kUpdateAnnouncement, access.course.id, post.id, text,
                                     version);
  if (r.empty()) {
    core::http::changed_or_gone("announcement", version);
  }
  auto updated = rows::announcement(r, 0);
  co_return views::resource(views::announcement(updated), updated.version);
}

asio::awaitable<Response> delete_announcement(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto post = co_await find_announcement(service.db, access, request.param("postId"));
  require_author_or_teacher(access, post.author_id, caller);
  auto version = core::http::if_match_version(request);
  auto r =
      co_await service.db.query(queries::kDeleteAnnouncement, access.course.id, post.id, version);
  if (r.empty()) {
    core::http::changed_or_gone("announcement", version);
  }
  co_return Response::no_content();
}

// ---- comments -----------------------------------------------------------------

// What a comment hangs on: an announcement or coursework the caller can see.
struct Thread {
  CourseAccess access;
  std::optional<std::string> announcement_id;
  std::optional<std::string> coursework_id;
  std::optional<Coursework> coursework;
};

asio::awaitable<Thread> find_thread(Service& service, Request& request, bool on_coursework) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  Thread thread{std::move(access), {}, {}, {}};
  if (on_coursework) {
    auto cw = co_await visible_coursework(service.db, thread.access, request.param("cwId"),
                                          caller.user_id);
    thread.coursework_id = cw.id;
    thread.coursework = std::move(cw);
  } else {
    auto post = co_await find_announcement(service.db, thread.access, request.param("postId"));
    thread.announcement_id = post.id;
  }
  co_return thread;
}

asio::awaitable<Response> post_comment(Service& service, Request& request, bool on_coursework) {
  auto caller = request.require_identity();
  auto body = core::json::decode<TextBody>(request);
  auto text = core::required_text("text", body.text, kTextMax);
  auto thread = co_await find_thread(service, request, on_coursework);
  thread.access.require_member();
  thread.access.require_active();
  auto tx = co_await service.db.begin();
  std::string id = core::new_uuid();
  // The announcement or coursework may be deleted while this request runs.
  auto r = co_await translate(
      tx.query(queries::kInsertComment, id, thread.access.course.id, thread.announcement_id,
               thread.coursework_id, caller.user_id, text),
      Refusal::kForeignKeyViolation, Error(ErrorCode::kNotFound, "it was just deleted"));
  auto comment = rows::comment(r, 0);
  // On coursework: only those who can see it, its teachers and (once
  // published) its assigned students.
  boost::json::array recipients;
  if (thread.coursework) {
    auto teachers = co_await tx.query(queries::kSelectTeacherIds, thread.access.course.id);
    append_ids(recipients, teachers);
    if (thread.coursework->state == "PUBLISHED") {
      auto students = co_await tx.query(queries::kSelectAssigneeIds, thread.coursework->id);
      append_ids(recipients, students);
    }
  } else {
    recipients = co_await member_ids(tx, thread.access.course.id);
  }
  boost::json::object data{{"commentId", comment.id},
                           {"authorId", caller.user_id},
                           {"excerpt", excerpt(text)},
                           {"courseName", thread.access.course.name},
                           {"recipientIds", std::move(recipients)}};
  data[on_coursework ? "courseworkId" : "announcementId"] =
      on_coursework ? *thread.coursework_id : *thread.announcement_id;
  co_await emit(tx, "comment.posted", caller.user_id, thread.access.course.id, data);
  co_await tx.commit();
  service.relay.nudge();
  co_return core::json::response(201, views::comment(comment));
}

asio::awaitable<Response> list_comments(Service& service, Request& request, bool on_coursework) {
  auto thread = co_await find_thread(service, request, on_coursework);
  auto page = core::http::id_page_request(request);
  auto r = co_await service.db.query(queries::kListComments, thread.access.course.id,
                                     thread.announcement_id, thread.coursework_id, page.cursor,
                                     page.limit + 1);
  std::vector<Comment> items;
  for (int i = 0; i < r.rows(); ++i) {
    items.push_back(rows::comment(r, i));
  }
  co_return core::json::page_of(request, std::move(items), page.limit, views::comment);
}

asio::awaitable<Response> delete_comment(Service& service, Request& request, bool on_coursework) {
  auto caller = request.require_identity();
  auto thread = co_await find_thread(service, request, on_coursework);
  std::string id(request.param("commentId"));
  require_uuid(id, "comment");
  auto r = co_await service.db.query(queries::kSelectComment, thread.access.course.id,
                                     thread.announcement_id, thread.coursework_id, id);
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such comment");
  }
  require_author_or_teacher(thread.access, rows::comment(r, 0).author_id, caller);
  co_await service.db.query(queries::kDeleteComment, id);
  co_return Response::no_content();
}

// ---- topics -------------------------------------------------------------------

Topic write_topic(const core::pg::Result& r, std::optional<std::int64_t> version) {
  if (r.empty()) {
    core::http::changed_or_gone("topic", version);
  }
  return rows::topic(r, 0);
}

asio::awaitable<core::pg::Result> unique_name(asio::awaitable<core::pg::Result> write) {
  return translate(std::move(write), Refusal::kUniqueViolation,
                   Error(ErrorCode::kAlreadyExists, "the course already has a topic of this name"));
}

asio::awaitable<Response> post_topic(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<NameBody>(request);
  auto name = core::required_text("name", body.name, kTopicMax);
  auto access = co_await course_access(service.db, request.param("id"), caller);
  access.require_teacher();
  access.require_active();
  std::string id = core::new_uuid();
  auto r =
      co_await unique_name(service.db.query(queries::kInsertTopic, id, access.course.id, name));
  auto topic = rows::topic(r, 0);
  co_return views::resource(views::topic(topic), topic.version, 201);
}

asio::awaitable<Response> list_topics(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto page = core::http::id_page_request(request);
  auto r = co_await service.db.query(queries::kListTopics, access.course.id, page.cursor,
                                     page.limit + 1);
  std::vector<Topic> items;
  for (int i = 0; i < r.rows(); ++i) {
    items.push_back(rows::topic(r, i));
  }
  co_return core::json::page_of(request, std::move(items), page.limit, views::topic);
}

// The course of a topic its teachers are changing, with `db` a pool or a
// transaction (which then holds the course row).
template <class Db>
asio::awaitable<CourseAccess> topic_access(Db& db, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(db, request.param("id"), caller);
  std::string id(request.param("topicId"));
  require_uuid(id, "topic");
  auto r = co_await db.query(queries::kSelectTopic, access.course.id, id);
  if (r.empty()) {
    throw Error(ErrorCode::kNotFound, "no such topic");
  }
  access.require_teacher();
  access.require_active();
  co_return access;
}

asio::awaitable<Response> patch_topic(Service& service, Request& request) {
  auto body = core::json::decode<NameBody>(request);
  auto name = core::required_text("name", body.name, kTopicMax);
  auto access = co_await topic_access(service.db, request);
  auto version = core::http::if_match_version(request);
  std::string id(request.param("topicId"));
  auto r = co_await unique_name(
      service.db.query(queries::kRenameTopic, access.course.id, id, name, version));
  auto topic = write_topic(r, version);
  co_return views::resource(views::topic(topic), topic.version);
}

asio::awaitable<Response> delete_topic(Service& service, Request& request) {
  // Deleting a topic takes it off its coursework, a change to the course's
  // coursework: like every such change it locks the course row first.
  auto tx = co_await service.db.begin();
  auto access = co_await topic_access(tx, request);
  auto version = core::http::if_match_version(request);
  std::string id(request.param("topicId"));
  auto r = co_await tx.query(queries::kDeleteTopic, access.course.id, id, version);
  if (r.empty()) {
    core::http::changed_or_gone("topic", version);
  }
  co_await tx.commit();
  co_return Response::no_content();
}

}  // namespace

void add_stream_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  const std::string posts = "/api/courses/{id}/announcements";
  router.add(Method::kPost, posts,
             s.idempotency.wrap([&s](Request& r) { return post_announcement(s, r); }));
  router.add(Method::kGet, posts, [&s](Request& r) { return list_announcements(s, r); });
  router.add(Method::kGet, posts + "/{postId}",
             [&s](Request& r) { return get_announcement(s, r); });
  router.add(Method::kPatch, posts + "/{postId}",
             [&s](Request& r) { return patch_announcement(s, r); });
  router.add(Method::kDelete, posts + "/{postId}",
             [&s](Request& r) { return delete_announcement(s, r); });
  for (bool on_coursework : {false, true}) {
    std::string comments = on_coursework ? "/api/courses/{id}/coursework/{cwId}/comments"
                                         : posts + "/{postId}/comments";
    router.add(Method::kPost, comments, s.idempotency.wrap([&s, on_coursework](Request& r) {
      return post_comment(s, r, on_coursework);
    }));
    router.add(Method::kGet, comments,
               [&s, on_coursework](Request& r) { return list_comments(s, r, on_coursework); });
    router.add(Method::kDelete, comments + "/{commentId}",
               [&s, on_coursework](Request& r) { return delete_comment(s, r, on_coursework); });
  }
  const std::string topics = "/api/courses/{id}/topics";
  router.add(Method::kPost, topics,
             s.idempotency.wrap([&s](Request& r) { return post_topic(s, r); }));
  router.add(Method::kGet, topics, [&s](Request& r) { return list_topics(s, r); });
  router.add(Method::kPatch, topics + "/{topicId}", [&s](Request& r) { return patch_topic(s, r); });
  router.add(Method::kDelete, topics + "/{topicId}",
             [&s](Request& r) { return delete_topic(s, r); });
}

}  // namespace classroom::api::handlers
