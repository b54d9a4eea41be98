// Results: each student's result by the grading policy (JSON or CSV),
// per-question statistics, and releasing results by hand.
#include "services/exams/domain/results.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/exams/attempts.hpp"
#include "services/exams/domain/scores.hpp"
#include "services/exams/exam_json.hpp"
#include "services/exams/grades_json.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/handlers/teaching.hpp"
#include "services/exams/stores/exam_store.hpp"
#include "services/exams/stores/result_store.hpp"

namespace classroom::exams::handlers {

namespace {

namespace json = boost::json;

GradingPolicy policy_of(const Exam& e) {
  return parse_grading_policy(e.grading_policy).value_or(GradingPolicy::kHighest);
}

// One student's attempts (by number) and result by the grading policy.
struct StudentResult {
  std::string student_id;
  std::vector<const Attempt*> attempts;
  std::optional<std::int64_t> score;  // hundredths; nullopt while none is graded
};

std::vector<AttemptScore> attempt_scores(const std::vector<const Attempt*>& attempts) {
  std::vector<AttemptScore> out;
  out.reserve(attempts.size());
  for (const Attempt* a : attempts) {
    out.push_back(
        {a->number, a->state == "GRADED", static_cast<double>(a->score.value_or(0)) / 100.0});
  }
  return out;
}

// `attempts` come by student and number.
std::vector<StudentResult> student_results(const Exam& e, const std::vector<Attempt>& attempts) {
  std::vector<StudentResult> out;
  for (const Attempt& a : attempts) {
    if (out.empty() || out.back().student_id != a.student_id) {
      out.push_back({a.student_id, {}, std::nullopt});
    }
    out.back().attempts.push_back(&a);
  }
  for (StudentResult& r : out) {
    if (auto points = policy_score(policy_of(e), attempt_scores(r.attempts))) {
      r.score = to_hundredths(*points);
    }
  }
  return out;
}

json::object results_json(const Exam& e, const std::vector<StudentResult>& results) {
  json::array items;
  items.reserve(results.size());
  for (const StudentResult& r : results) {
    json::array attempts;
    bool released = false;
    for (const Attempt* a : r.attempts) {
      released = released || a->released_at.has_value();
      attempts.push_back(json::object{{"id", a->id},
                                      {"number", a->number},
                                      {"state", a->state},
                                      {"score", core::json::points(a->score)},
                                      {"maxPoints", core::json::points(a->max_points)},
                                      {"submittedAt", core::json::optional(a->submitted_at)},
                                      {"releasedAt", core::json::optional(a->released_at)}});
    }
    items.push_back(json::object{{"studentId", r.student_id},
                                 {"score", core::json::points(r.score)},
                                 {"released", released},
                                 {"attempts", std::move(attempts)}});
  }
  return json::object{{"examId", e.id},
                      {"gradingPolicy", e.grading_policy},
                      {"maxPoints", core::json::points(e.max_points)},
                      {"items", std::move(items)}};
}

// One row per student: each attempt's score (blank while it waits for a
// teacher, or when the student made fewer attempts) and the result.
Response results_csv(const Exam& e, const std::vector<StudentResult>& results) {
  int columns = 1;
  for (const StudentResult& r : results) {
    columns = std::max(columns, r.attempts.back()->number);
  }
  std::string csv = "Student ID";
  for (int n = 1; n <= columns; ++n) {
    csv += ",Attempt " + std::to_string(n);
  }
  csv += ',' + core::csv_field("Score (" + e.grading_policy + ")") + ",Max points\r\n";
  for (const StudentResult& r : results) {
    csv += r.student_id;
    for (int n = 1; n <= columns; ++n) {
      csv += ',';
      auto a = std::find_if(r.attempts.begin(), r.attempts.end(),
                            [&](const Attempt* x) { return x->number == n; });
      if (a != r.attempts.end() && (*a)->state == "GRADED" && (*a)->score) {
        csv += core::points_text(*(*a)->score);
      }
    }
    csv += ',' + (r.score ? core::points_text(*r.score) : std::string()) + ',' +
           core::points_text(e.max_points) + "\r\n";
  }
  auto response = Response::text(200, std::move(csv), "text/csv; charset=utf-8");
  response.set_header("Content-Disposition", "attachment; filename=\"results-" + e.id + ".csv\"");
  return response;
}

bool wants_csv(const Request& request) {
  auto accept = request.header("accept");
  return accept && accept->find("text/csv") != std::string_view::npos &&
         accept->find("application/json") == std::string_view::npos;
}

// The graded attempt each student's policy stands for, question by question
// (unanswered: no points), for statistics().
std::vector<ScoredAttempt> scored_attempts(const Exam& e, const std::vector<Attempt>& attempts,
                                           const std::vector<result_store::Answered>& answered) {
  std::set<std::pair<std::string_view, std::string_view>> has_answer;
  for (const auto& x : answered) {
    has_answer.emplace(x.attempt_id, x.question_id);
  }
  std::vector<ScoredAttempt> out;
  for (const StudentResult& r : student_results(e, attempts)) {
    auto number = representative_attempt(policy_of(e), attempt_scores(r.attempts));
    if (!number) {
      continue;
    }
    const Attempt& a = **std::find_if(r.attempts.begin(), r.attempts.end(),
                                      [&](const Attempt* x) { return x->number == *number; });
    ScoredAttempt scored{a.student_id, static_cast<double>(a.score.value_or(0)) / 100.0, {}};
    for (const QuestionResult& q : question_results_of(a.per_question_json.value_or("[]"))) {
      bool answers = has_answer.contains({a.id, q.question_id}) || q.points > 0;
      scored.questions.push_back(
          {q.question_id,
           answers ? std::optional(static_cast<double>(q.points) / 100.0) : std::nullopt,
           static_cast<double>(q.max_points) / 100.0});
    }
    out.push_back(std::move(scored));
  }
  return out;
}

json::value optional_number(std::optional<double> n) {
  if (!n) {
    return nullptr;
  }
  return std::round(*n * 10000.0) / 10000.0;  // four decimals are plenty for a share
}

json::object statistics_json(const Exam& e, const std::vector<ScoredAttempt>& attempts) {
  auto stats = statistics(attempts);
  // In the exam's order; drawn questions after its own, as they first appear.
  std::map<std::string, std::size_t> order;
  for (const Section& s : sections_of(e.sections_json)) {
    for (const Question& q : s.questions) {
      order.emplace(q.id, order.size());
    }
  }
  std::stable_sort(stats.begin(), stats.end(), [&](const auto& a, const auto& b) {
    auto rank = [&](const std::string& id) {
      auto at = order.find(id);
      return at == order.end() ? order.size() : at->second;
    };
    return rank(a.question_id) < rank(b.question_id);
  });
  json::array items;
  items.reserve(stats.size());
  for (const QuestionStatistics& q : stats) {
    items.push_back(json::object{{"questionId", q.question_id},
                                 {"answered", q.answered},
                                 {"attempts", q.attempts},
                                 {"meanScore", core::json::points(to_hundredths(q.mean_points))},
                                 {"maxPoints", core::json::points(to_hundredths(q.max_points))},
                                 {"facility", optional_number(q.facility)},
                                 {"discrimination", optional_number(q.discrimination)}});
  }
  return json::object{{"examId", e.id},
                      {"gradingPolicy", e.grading_policy},
                      {"attemptsCounted", attempts.size()},
                      {"items", std::move(items)}};
}

asio::awaitable<Response> results(Service& s, Request& request) {
  auto exam = co_await teachers_exam(s, request, request.param("examId"), Reach::kRead);
  auto attempts = co_await result_store::all(s.db, exam.id);
  auto by_student = student_results(exam, attempts);
  if (wants_csv(request)) {
    co_return results_csv(exam, by_student);
  }
  co_return core::json::response(200, results_json(exam, by_student));
}

asio::awaitable<Response> statistics(Service& s, Request& request) {
  auto exam = co_await teachers_exam(s, request, request.param("examId"), Reach::kRead);
  auto attempts = co_await result_store::all(s.db, exam.id);
  auto answered = co_await result_store::answered(s.db, exam.id);
  co_return core::json::response(200,
                                 statistics_json(exam, scored_attempts(exam, attempts, answered)));
}

asio::awaitable<Response> release(Service& s, Request& request) {
  auto seen = co_await teachers_exam(s, request, request.param("examId"), Reach::kWrite);
  std::string actor = request.require_identity().user_id;
  auto tx = co_await s.db.begin();
  auto exam = co_await exam_store::lock(tx, seen.id);
  if (!exam) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  if (exam->result_release != "MANUAL") {
    throw Error(
        ErrorCode::kFailedPrecondition,
        "the exam releases its results by itself (resultRelease " + exam->result_release + ")");
  }
  if (exam->state == "DRAFT") {
    throw Error(ErrorCode::kFailedPrecondition, "the exam is not published");
  }
  exam->released_at = co_await result_store::release_exam(tx, exam->id);
  int released = co_await release_unreleased(tx, *exam, actor);
  co_await tx.commit();
  s.relay.nudge();
  co_return core::json::response(200, json::object{{"examId", exam->id},
                                                   {"releasedAt", *exam->released_at},
                                                   {"studentsReleased", released}});
}

}  // namespace

void add_result_routes(core::http::Router& router, Service& s) {
  router.add(Method::kGet, "/exams/exams/{examId}/results",
             [&s](Request& r) { return results(s, r); });
  router.add(Method::kGet, "/exams/exams/{examId}/statistics",
             [&s](Request& r) { return statistics(s, r); });
  router.add(Method::kPost, "/exams/exams/{examId}/release",
             [&s](Request& r) { return release(s, r); });
}

}  // namespace classroom::exams::handlers
