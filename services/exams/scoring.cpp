#include "services/exams/scoring.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "services/exams/attempts.hpp"
#include "services/exams/domain/grading.hpp"
#include "services/exams/exam_json.hpp"
#include "services/exams/grades_json.hpp"
#include "services/exams/question_json.hpp"
#include "services/exams/stores/exam_store.hpp"
#include "services/exams/stores/result_store.hpp"

namespace classroom::exams {

namespace asio = boost::asio;
namespace json = boost::json;
using core::Error;
using core::ErrorCode;

namespace {

std::string state_of(std::span<const QuestionResult> results) {
  return waits_for_teacher(results) ? "SUBMITTED" : "GRADED";
}

// The question's members named in `fields` replaced; refused when they would
// make it another question.
json::object changed(json::object question, const json::object& fields) {
  for (const auto& member : fields) {
    question[member.key()] = member.value();
  }
  return question;
}

// A stored answer graded by the question as it is now. An answer the
// changed question no longer accepts (an option removed, say) earns nothing.
std::optional<std::int64_t> automatic_grade(const Question& q, const std::string* answer_json) {
  if (q.type() == QuestionType::kEssay) {
    return std::nullopt;  // the teacher's
  }
  if (answer_json == nullptr) {
    return to_hundredths(grade_unanswered(q).points);
  }
  try {
    return to_hundredths(grade(q, answer_from_json(q, json::parse(*answer_json), "answer")).points);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kInvalidArgument) {
      throw;
    }
    return 0;
  }
}

void refuse_other_question(const json::object& fields, bool drawn) {
  std::vector<core::FieldError> problems;
  for (std::string_view name : {"id", "type", "tags"}) {
    if (fields.contains(name)) {
      problems.push_back({std::string(name), "cannot change by regrading"});
    }
  }
  if (drawn && fields.contains("points")) {
    problems.push_back({"points", "a drawn question is worth its section's pointsEach"});
  }
  if (fields.empty()) {
    problems.push_back({"body", "names neither key fields nor points to change"});
  }
  if (!problems.empty()) {
    core::json::refuse(std::move(problems));
  }
}

Question* inline_question(std::vector<Section>& sections, const std::string& id) {
  for (Section& s : sections) {
    for (Question& q : s.questions) {
      if (q.id == id) {
        return &q;
      }
    }
  }
  return nullptr;
}

// The position of question `id` in an attempt's stored questions, or -1.
std::ptrdiff_t position(const json::array& questions, const std::string& id) {
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (questions[i].as_object().at("id").as_string() == id) {
      return static_cast<std::ptrdiff_t>(i);
    }
  }
  return -1;
}

struct Rescored {
  Attempt attempt;
  std::optional<ScoreChange> change;
};

// One attempt's copy of the question changed by `fields` and its answer
// rescored; history kept for a changed score.
asio::awaitable<Rescored> rescore_attempt(core::pg::Transaction& tx, const Attempt& a,
                                          std::size_t at, const json::object& fields,
                                          const std::string* answer_json, HistoryEntry entry) {
  auto questions = json::parse(a.questions_json).as_array();
  Question before = question_from_json(questions[at], "");
  Question after = question_from_json(changed(questions[at].as_object(), fields), "");
  questions[at] = question_to_json(after, true);
  result_store::Scores scores{
      a.state, a.score, a.max_points - to_hundredths(before.points) + to_hundredths(after.points),
      a.per_question_json, json::serialize(questions)};
  std::optional<ScoreChange> change;
  if (a.state != "IN_PROGRESS" && a.per_question_json) {
    auto results = question_results_of(*a.per_question_json);
    for (QuestionResult& r : results) {
      if (r.question_id != after.id) {
        continue;
      }
      if (auto c = rescore(r, to_hundredths(after.points), automatic_grade(after, answer_json))) {
        entry.from = c->from;
        entry.to = c->to;
        co_await result_store::add_history(tx, a.id, entry);
      }
    }
    scores.state = state_of(results);
    scores.score = total_points(results);
    scores.per_question_json = stored_question_results(results);
    if (scores.score != a.score) {
      change = ScoreChange{a.id, a.student_id, a.number, a.score.value_or(0), *scores.score};
    }
  }
  auto updated = co_await result_store::set_scores(tx, a.id, scores);
  co_return Rescored{std::move(updated), std::move(change)};
}

}  // namespace

asio::awaitable<Attempt> grade_attempt(core::pg::Transaction& tx, const Attempt& attempt,
                                       const Exam& exam, const std::string& actor_id,
                                       std::span<const TeacherGrade> grades) {
  if (attempt.state == "IN_PROGRESS" || !attempt.per_question_json) {
    throw Error(ErrorCode::kFailedPrecondition,
                "the attempt is in progress: it is graded once submitted");
  }
  auto results = question_results_of(*attempt.per_question_json);
  if (auto problems = grade_problems(results, grades); !problems.empty()) {
    core::json::refuse(std::move(problems));
  }
  auto changes = apply_grades(results, grades);
  for (const PointsChange& c : changes) {
    HistoryEntry entry{"", actor_id, c.question_id, c.from, c.to, std::nullopt};
    co_await result_store::add_history(tx, attempt.id, entry);
  }
  result_store::Scores scores{state_of(results), total_points(results), attempt.max_points,
                              stored_question_results(results), attempt.questions_json};
  auto updated = co_await result_store::set_scores(tx, attempt.id, scores);
  if (updated.state == "GRADED" && !changes.empty() && releases_results(exam)) {
    updated.released_at = co_await release_result(tx, exam, updated.student_id, actor_id);
  }
  co_return updated;
}

asio::awaitable<Regrade> regrade_question(core::pg::Transaction& tx, const Exam& exam,
                                          const std::string& question_id,
                                          const json::object& fields, const std::string& reason,
                                          const std::string& actor_id) {
  auto sections = sections_of(exam.sections_json);
  Question* authored = inline_question(sections, question_id);
  auto attempts = co_await result_store::lock_all(tx, exam.id);
  std::optional<json::object> base;
  if (authored != nullptr) {
    base = question_to_json(*authored, true);
  } else {
    for (const Attempt& a : attempts) {
      auto questions = json::parse(a.questions_json).as_array();
      if (auto at = position(questions, question_id); at >= 0) {
        base = questions[static_cast<std::size_t>(at)].as_object();
        break;
      }
    }
  }
  if (!base) {
    throw Error(ErrorCode::kNotFound, "no such question in this exam");
  }
  refuse_other_question(fields, authored == nullptr);
  Question now = question_from_json(changed(*base, fields), "");

  Exam current = exam;
  if (authored != nullptr) {
    *authored = now;
    auto exam_fields = exam_store::fields_of(exam);
    exam_fields.sections_json = stored_sections(sections);
    exam_fields.max_points = max_points(sections);
    current = co_await exam_store::update(tx, exam.id, exam_fields);
  }

  std::map<std::string, std::string> answers;
  for (auto& a : co_await result_store::answers_to(tx, exam.id, question_id)) {
    answers.emplace(a.attempt_id, std::move(a.answer_json));
  }
  Regrade out{now, {}};
  std::set<std::string> rerelease;
  for (const Attempt& a : attempts) {
    auto at = position(json::parse(a.questions_json).as_array(), question_id);
    if (at < 0) {
      continue;
    }
    auto answer = answers.find(a.id);
    const std::string* answer_json = answer == answers.end() ? nullptr : &answer->second;
    HistoryEntry entry{"", actor_id, question_id, 0, 0, reason};
    auto rescored = co_await rescore_attempt(tx, a, static_cast<std::size_t>(at), fields,
                                             answer_json, std::move(entry));
    if (rescored.change) {
      out.changes.push_back(*rescored.change);
      rerelease.insert(a.student_id);
    }
    if (current.max_points != exam.max_points && rescored.attempt.state == "GRADED") {
      rerelease.insert(a.student_id);  // the result's maxPoints changed
    }
  }
  if (releases_results(current)) {
    for (const std::string& student : rerelease) {
      co_await release_result(tx, current, student, actor_id);
    }
  }
  co_return out;
}

}  // namespace classroom::exams
