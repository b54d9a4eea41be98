// Grading: a teacher's grades of an attempt, regrading a question of an exam.
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/exams/access.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/handlers/teaching.hpp"
#include "services/exams/handlers/views.hpp"
#include "services/exams/question_json.hpp"
#include "services/exams/scoring.hpp"
#include "services/exams/stores/attempt_store.hpp"
#include "services/exams/stores/exam_store.hpp"
#include "services/exams/stores/result_store.hpp"

namespace classroom::exams::handlers {

namespace {

namespace json = boost::json;

struct GradeItem {
  std::string question_id;
  double points = 0;
  std::optional<std::string> feedback;
};
BOOST_DESCRIBE_STRUCT(GradeItem, (), (question_id, points, feedback))

struct GradesBody {
  std::vector<GradeItem> grades;
};
BOOST_DESCRIBE_STRUCT(GradesBody, (), (grades))

constexpr std::size_t kMaxReasonChars = 1'000;

std::vector<TeacherGrade> teacher_grades(GradesBody body) {
  if (body.grades.empty()) {
    throw core::invalid_field("grades", "must name at least one question");
  }
  std::vector<TeacherGrade> out;
  out.reserve(body.grades.size());
  for (GradeItem& g : body.grades) {
    out.push_back({std::move(g.question_id), g.points, std::move(g.feedback)});
  }
  return out;
}

// `?dryRun=true|false`, false when absent.
bool dry_run(const Request& request) {
  auto value = request.query("dryRun");
  if (!value || value->empty() || *value == "false") {
    return false;
  }
  if (*value != "true") {
    throw Error(ErrorCode::kMalformed, "dryRun: must be true or false");
  }
  return true;
}

json::object regrade_view(const Regrade& r, bool dry) {
  json::array changes;
  changes.reserve(r.changes.size());
  for (const ScoreChange& c : r.changes) {
    changes.push_back(json::object{{"attemptId", c.attempt_id},
                                   {"studentId", c.student_id},
                                   {"number", c.number},
                                   {"from", core::json::points(c.from)},
                                   {"to", core::json::points(c.to)}});
  }
  return json::object{{"attemptsChanged", r.changes.size()},
                      {"changes", std::move(changes)},
                      {"dryRun", dry},
                      {"question", question_to_json(r.question, true)}};
}

asio::awaitable<Response> grade(Service& s, Request& request) {
  auto grades = teacher_grades(core::json::decode<GradesBody>(request));
  auto seen = co_await attempt_store::find(s.db, request.param("attemptId"));
  if (!seen) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  auto access = co_await course_access(s.membership, seen->course_id, request);
  std::string actor = request.require_identity().user_id;
  // Those who may read the attempt (its student, administrators) learn they
  // may not grade it (403); to other students it does not exist.
  if (!access.oversees() && seen->student_id != core::ascii_lower(actor)) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  access.require_teacher();
  auto tx = co_await s.db.begin();
  // The exam first, then the attempt, as closing and releasing lock them.
  auto exam = co_await exam_store::share(tx, seen->exam_id);
  auto a = co_await attempt_store::lock(tx, seen->id);
  if (!a || !exam) {
    throw Error(ErrorCode::kNotFound, "no such attempt");
  }
  core::http::check_version(request, a->version, "attempt");
  auto graded = co_await grade_attempt(tx, *a, *exam, actor, grades);
  co_await tx.commit();
  s.relay.nudge();
  auto answers = co_await attempt_store::answers(s.db, graded.id);
  auto history = co_await result_store::history(s.db, graded.id);
  co_return core::json::resource(views::attempt(graded, answers, true, *exam, history),
                                 graded.version);
}

asio::awaitable<Response> regrade(Service& s, Request& request) {
  bool dry = dry_run(request);
  auto fields = core::json::parse_body(request);
  auto reason_value = fields.if_contains("reason");
  std::string reason = core::required_text("reason",
                                           reason_value != nullptr && reason_value->is_string()
                                               ? reason_value->get_string()
                                               : std::string_view(),
                                           kMaxReasonChars);
  fields.erase("reason");
  auto exam = co_await teachers_exam(s, request, request.param("examId"), Reach::kWrite);
  if (exam.state == "DRAFT") {
    throw Error(ErrorCode::kFailedPrecondition,
                "the exam is a draft: change its questions by editing it");
  }
  std::string question_id(request.param("questionId"));
  std::string actor = request.require_identity().user_id;
  auto tx = co_await s.db.begin();
  auto locked = co_await exam_store::lock(tx, exam.id);
  if (!locked) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  auto result = co_await regrade_question(tx, *locked, question_id, fields, reason, actor);
  if (dry) {
    co_await tx.rollback();  // the same answer, nothing changed
  } else {
    co_await tx.commit();
    s.relay.nudge();
  }
  co_return core::json::response(200, regrade_view(result, dry));
}

}  // namespace

void add_grading_routes(core::http::Router& router, Service& s) {
  router.add(Method::kPatch, "/exams/attempts/{attemptId}/grades",
             [&s](Request& r) { return grade(s, r); });
  router.add(Method::kPost, "/exams/exams/{examId}/questions/{questionId}/regrade",
             [&s](Request& r) { return regrade(s, r); });
}

}  // namespace classroom::exams::handlers
