// Attempts: start, read, list, save an answer, submit.
#include "services/exams/attempts.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/exams/access.hpp"
#include "services/exams/domain/schedule.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/handlers/teaching.hpp"
#include "services/exams/handlers/views.hpp"
#include "services/exams/question_json.hpp"
#include "services/exams/stores/attempt_store.hpp"
#include "services/exams/stores/exam_store.hpp"
#include "services/exams/stores/result_store.hpp"

namespace classroom::exams::handlers {

namespace {

namespace json = boost::json;

struct AnswerBody {
  json::value answer;
  std::int64_t seq = 0;
};
BOOST_DESCRIBE_STRUCT(AnswerBody, (), (answer, seq))

core::Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(core::Clock::now());
}

Response attempt_response(const Attempt& a, const std::vector<SavedAnswer>& answers, bool oversees,
                          const Exam& exam, int status = 200,
                          std::span<const HistoryEntry> history = {}) {
  return core::json::resource(views::attempt(a, answers, oversees, exam, history), a.version,
                              status);
}

// Attempt `id` for its student, or for the course's teachers and
// administrators; Error(kNotFound) for anyone else.
asio::awaitable<bool> sees_attempt(Service& s, const Request& request, const Attempt& a) {
  if (a.student_id == core::ascii_lower(request.require_identity().user_id)) {
    co_return false;
  }
  auto access = co_await course_access(s.membership, a.course_id, request);
  if (!access.oversees()) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  co_return true;
}

// Refuses a write to someone else's attempt: 403 to those who may read it
// (the course's teachers), 404 to anyone else. Call it with no transaction
// open: it may ask api.
asio::awaitable<void> refuse_others(Service& s, const Request& request, const Attempt& a) {
  co_await sees_attempt(s, request, a);
  throw Error(ErrorCode::kPermissionDenied, "only the student whose attempt it is may do this");
}

bool is_own(const Attempt& a, const Request& request) {
  return a.student_id == core::ascii_lower(request.require_identity().user_id);
}

asio::awaitable<Exam> exam_of(core::pg::Pool& db, const Attempt& a) {
  auto e = co_await exam_store::find(db, a.exam_id);
  if (!e) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  co_return std::move(*e);
}

asio::awaitable<Response> start(Service& s, Request& request) {
  // Who may start is asked (of api, maybe) before a connection and the
  // exam's lock are held for it.
  auto visible = co_await visible_exam(s, request, request.param("examId"));
  const Exam& seen = visible.exam;
  visible.access.require_student();
  auto tx = co_await core::http::begin(s.db, request);
  auto e = co_await exam_store::share(tx, seen.id);
  if (!e) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  auto student = core::ascii_lower(request.require_identity().user_id);
  auto started = co_await start_attempt(tx, *e, student);
  co_await tx.commit();
  std::vector<SavedAnswer> answers;
  if (!started.created) {
    answers = co_await attempt_store::answers(s.db, started.attempt.id);
  }
  auto response =
      attempt_response(started.attempt, answers, false, *e, started.created ? 201 : 200);
  response.set_header("Location", "/exams/attempts/" + started.attempt.id);
  co_return response;
}

asio::awaitable<Response> get(Service& s, Request& request) {
  auto a = co_await attempt_store::find(s.db, request.param("attemptId"));
  if (!a) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  bool oversees = co_await sees_attempt(s, request, *a);
  auto e = co_await exam_of(s.db, *a);
  auto answers = co_await attempt_store::answers(s.db, a->id);
  std::vector<HistoryEntry> history;
  if (oversees) {
    history = co_await result_store::history(s.db, a->id);
  }
  co_return attempt_response(*a, answers, oversees, e, 200, history);
}

asio::awaitable<Response> list(Service& s, Request& request) {
  auto page = core::http::id_page_request(request);
  auto visible = co_await visible_exam(s, request, request.param("examId"));
  const Exam& e = visible.exam;
  const CourseAccess& access = visible.access;
  std::optional<std::string> student;
  if (!access.oversees()) {
    student = core::ascii_lower(request.require_identity().user_id);
  }
  auto cursor = page.cursor ? std::optional(core::ascii_lower(*page.cursor)) : std::nullopt;
  auto attempts = co_await attempt_store::list(s.db, e.id, student, cursor, page.limit + 1);
  bool oversees = access.oversees();
  co_return core::json::page_of(request, std::move(attempts), page.limit, [&](const Attempt& a) {
    return views::attempt_summary(a, oversees);
  });
}

asio::awaitable<Response> save(Service& s, Request& request) {
  auto body = core::json::decode<AnswerBody>(request);
  if (body.seq < 0) {
    throw core::invalid_field("seq", "must be at least 0");
  }
  auto tx = co_await s.db.begin();
  auto found = co_await attempt_store::share(tx, request.param("attemptId"));
  if (!found) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  if (!is_own(*found, request)) {  // rare: the connection goes back before api is asked
    co_await tx.rollback();
    co_await refuse_others(s, request, *found);
  }
  const Attempt& a = *found;
  if (a.state != "IN_PROGRESS") {
    throw Error(ErrorCode::kFailedPrecondition, "the attempt was submitted: nothing is saved");
  }
  if (!accepts_answers(a.deadline ? core::parse_time(*a.deadline) : std::nullopt, now())) {
    throw Error(ErrorCode::kFailedPrecondition,
                "the attempt's deadline has passed: nothing is saved");
  }
  std::string question_id(request.param("questionId"));
  auto questions = json::parse(a.questions_json).as_array();
  auto q = std::find_if(questions.begin(), questions.end(), [&](const json::value& v) {
    return v.as_object().at("id").as_string() == question_id;
  });
  if (q == questions.end()) {
    throw Error(ErrorCode::kNotFound, "no such question in this attempt");
  }
  auto question = question_from_json(*q, "question");
  auto answer = answer_from_json(question, body.answer, "answer");
  auto saved = co_await attempt_store::save_answer(
      tx, a.id, question_id, json::serialize(answer_to_json(answer)), body.seq);
  if (!saved.written && saved.answer.seq > body.seq) {
    throw Error(ErrorCode::kFailedPrecondition,
                "a later answer is stored (seq " + std::to_string(saved.answer.seq) + ")")
        .with_header("X-Stored-Seq", std::to_string(saved.answer.seq));
  }
  co_await tx.commit();  // answered only once durable
  co_return core::json::response(
      200, json::object{{"seq", saved.answer.seq}, {"savedAt", saved.answer.saved_at}});
}

asio::awaitable<Response> submit(Service& s, Request& request) {
  auto seen = co_await attempt_store::find(s.db, request.param("attemptId"));
  if (!seen) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  if (!is_own(*seen, request)) {
    co_await refuse_others(s, request, *seen);
  }
  // The exam first, then the attempt, as closing and releasing lock them:
  // a release committing now either sees this attempt graded, or is seen.
  auto tx = co_await s.db.begin();
  auto e = co_await exam_store::share(tx, seen->exam_id);
  auto a = co_await attempt_store::lock(tx, seen->id);
  if (!e || !a) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  if (a->state != "IN_PROGRESS") {
    throw Error(ErrorCode::kFailedPrecondition, "the attempt is already submitted");
  }
  auto done = co_await submit_attempt(tx, *a, *e, a->student_id);
  co_await tx.commit();
  s.relay.nudge();
  auto answers = co_await attempt_store::answers(s.db, done.id);
  co_return attempt_response(done, answers, false, *e);
}

}  // namespace

void add_attempt_routes(core::http::Router& router, Service& s) {
  router.add(Method::kPost, "/exams/exams/{examId}/attempts",
             s.idempotency.wrap([&s](Request& r) { return start(s, r); }));
  router.add(Method::kGet, "/exams/exams/{examId}/attempts",
             [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, "/exams/attempts/{attemptId}", [&s](Request& r) { return get(s, r); });
  router.add(Method::kPut, "/exams/attempts/{attemptId}/answers/{questionId}",
             [&s](Request& r) { return save(s, r); });
  router.add(Method::kPost, "/exams/attempts/{attemptId}/submit",
             [&s](Request& r) { return submit(s, r); });
}

}  // namespace classroom::exams::handlers
