// The course's question bank: add, list (by tag), read, change, delete.
// Teachers only: every bank question carries its key.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/exams/access.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/handlers/views.hpp"
#include "services/exams/question_json.hpp"
#include "services/exams/stores/bank_store.hpp"

namespace classroom::exams::handlers {

namespace {

namespace json = boost::json;

Response question_response(const BankQuestion& q, int status = 200) {
  auto question = question_from_json(json::parse(q.question_json), "question");
  return core::json::resource(views::bank_question(q, question), q.version, status);
}

struct Found {
  BankQuestion question;
  CourseAccess access;
};

// Bank question `id` for one of its course's teachers (administrators read
// it too); Error(kNotFound) for anyone outside the course, 403 for its
// students.
asio::awaitable<Found> teachers_question(Service& s, const Request& request,
                                         std::optional<BankQuestion> q) {
  if (!q) {
    throw Error(ErrorCode::kNotFound, "no such question");
  }
  auto access = co_await course_access(s.membership, q->course_id, request);
  if (!access.oversees()) {
    access.require_teacher();
  }
  co_return Found{std::move(*q), std::move(access)};
}

asio::awaitable<Response> create(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto access = co_await course_access(s.membership, course_id, request);
  access.require_teacher();
  auto object = core::json::parse_body(request);
  auto question = question_from_json(object, "");
  auto caller = request.require_identity();
  auto tx = co_await core::http::begin(s.db, request);
  auto stored = co_await bank_store::insert(tx, question.id, course_id,
                                            json::serialize(question_to_json(question, true)),
                                            question.tags, caller.user_id);
  co_await tx.commit();
  auto response = question_response(stored, 201);
  response.set_header("Location", "/exams/questions/" + stored.id);
  co_return response;
}

asio::awaitable<Response> list(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  // A blank tag asks for no filter; tags are stored trimmed.
  auto tag = request.query("tag");
  std::string_view wanted = tag ? core::trim(*tag) : std::string_view();
  auto page = core::http::id_page_request(request, {"tag"});
  auto access = co_await course_access(s.membership, course_id, request);
  if (!access.oversees()) {
    access.require_teacher();
  }
  auto cursor = page.cursor ? std::optional(core::ascii_lower(*page.cursor)) : std::nullopt;
  // Named before the co_await (GCC 12, docs/decisions.md).
  std::optional<std::string> tagged;
  if (!wanted.empty()) {
    tagged = std::string(wanted);
  }
  auto questions = co_await bank_store::list(s.db, course_id, tagged, cursor, page.limit + 1);
  co_return core::json::page_of(
      request, std::move(questions), page.limit, [](const BankQuestion& q) {
        auto question = question_from_json(json::parse(q.question_json), "question");
        return views::bank_question(q, question);
      });
}

// Question `questionId` for a change: authorised on the pool (which may ask
// api) before any transaction, so that no connection or lock waits on api;
// then relock() it in the change's transaction.
asio::awaitable<Found> question_to_change(Service& s, const Request& request) {
  auto seen = co_await bank_store::find(s.db, request.param("questionId"));
  auto found = co_await teachers_question(s, request, std::move(seen));
  found.access.require_teacher();
  co_return found;
}

asio::awaitable<void> relock(core::pg::Transaction& tx, Found& found) {
  auto locked = co_await bank_store::lock(tx, found.question.id);
  if (!locked) {
    throw Error(ErrorCode::kNotFound, "no such question");
  }
  found.question = std::move(*locked);
}

asio::awaitable<Response> get(Service& s, Request& request) {
  auto seen = co_await bank_store::find(s.db, request.param("questionId"));
  auto found = co_await teachers_question(s, request, std::move(seen));
  co_return question_response(found.question);
}

// A PATCH names the members it changes (null removes an optional one); the
// question they make must be valid as a whole, its type included.
asio::awaitable<Response> patch(Service& s, Request& request) {
  auto changes = core::json::parse_body(request);
  auto found = co_await question_to_change(s, request);
  auto tx = co_await s.db.begin();
  co_await relock(tx, found);
  core::http::check_version(request, found.question.version, "question");
  auto merged = json::parse(found.question.question_json).as_object();
  for (const auto& [name, value] : changes) {
    if (name == "id" && value != merged["id"]) {
      throw core::invalid_field("id", "a question's id does not change");
    }
    if (value.is_null()) {
      merged.erase(name);
    } else {
      merged[name] = value;
    }
  }
  auto question = question_from_json(merged, "");
  auto updated = co_await bank_store::update(
      tx, found.question.id, json::serialize(question_to_json(question, true)), question.tags);
  co_await tx.commit();
  co_return question_response(updated);
}

asio::awaitable<Response> remove(Service& s, Request& request) {
  auto found = co_await question_to_change(s, request);
  auto tx = co_await s.db.begin();
  co_await relock(tx, found);
  core::http::check_version(request, found.question.version, "question");
  co_await bank_store::remove(tx, found.question.id);
  co_await tx.commit();
  co_return Response::no_content();
}

}  // namespace

void add_bank_routes(core::http::Router& router, Service& s) {
  router.add(Method::kPost, "/exams/courses/{courseId}/questions",
             s.idempotency.wrap([&s](Request& r) { return create(s, r); }));
  router.add(Method::kGet, "/exams/courses/{courseId}/questions",
             [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, "/exams/questions/{questionId}", [&s](Request& r) { return get(s, r); });
  router.add(Method::kPatch, "/exams/questions/{questionId}",
             [&s](Request& r) { return patch(s, r); });
  router.add(Method::kDelete, "/exams/questions/{questionId}",
             [&s](Request& r) { return remove(s, r); });
}

}  // namespace classroom::exams::handlers
