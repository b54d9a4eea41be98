#include "services/exams/handlers/views.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"
#include "core/time.hpp"
#include "services/exams/exam_json.hpp"
#include "services/exams/question_json.hpp"

namespace classroom::exams::views {

namespace json = boost::json;
using core::json::optional;

namespace {

json::array section_outlines(std::span<const Section> sections) {
  json::array out;
  for (const Section& s : sections) {
    auto count = s.draw ? static_cast<std::size_t>(s.draw->count) : s.questions.size();
    out.push_back(json::object{{"title", s.title}, {"questionCount", count}});
  }
  return out;
}

}  // namespace

json::object exam(const Exam& e, std::span<const Section> sections, bool oversees) {
  json::object out{{"id", e.id},
                   {"courseId", e.course_id},
                   {"title", e.title},
                   {"description", optional(e.description)},
                   {"state", e.state},
                   {"opensAt", optional(e.opens_at)},
                   {"closesAt", optional(e.closes_at)},
                   {"timeLimitMinutes", core::json::optional(e.time_limit_minutes)},
                   {"maxAttempts", e.max_attempts},
                   {"gradingPolicy", e.grading_policy},
                   {"shuffleQuestions", e.shuffle_questions},
                   {"shuffleOptions", e.shuffle_options},
                   {"resultRelease", e.result_release},
                   {"showCorrectAnswers", e.show_correct_answers},
                   {"maxPoints", core::json::points(e.max_points)},
                   {"questionCount", question_count(sections)},
                   {"publishedAt", optional(e.published_at)},
                   {"closedAt", optional(e.closed_at)},
                   {"createdAt", e.created_at},
                   {"updatedAt", e.updated_at}};
  out["sections"] = oversees ? sections_to_json(sections, true) : section_outlines(sections);
  if (oversees) {
    out["createdBy"] = e.created_by;
  }
  return out;
}

json::object bank_question(const BankQuestion& q, const Question& question) {
  json::object out = question_to_json(question, true);
  out["courseId"] = q.course_id;
  out["createdBy"] = q.created_by;
  out["createdAt"] = q.created_at;
  out["updatedAt"] = q.updated_at;
  return out;
}

json::object attempt_summary(const Attempt& a, bool oversees) {
  bool shown = oversees || a.released_at.has_value();
  json::object out{{"id", a.id},
                   {"examId", a.exam_id},
                   {"studentId", a.student_id},
                   {"number", a.number},
                   {"state", a.state},
                   {"startedAt", a.started_at},
                   {"deadline", optional(a.deadline)},
                   {"serverTime", core::format_time(core::Clock::now(), true)},
                   {"submittedAt", optional(a.submitted_at)},
                   {"maxPoints", core::json::points(a.max_points)},
                   {"score", shown ? core::json::points(a.score) : json::value(nullptr)},
                   {"releasedAt", optional(a.released_at)}};
  return out;
}

json::object attempt(const Attempt& a, const std::vector<SavedAnswer>& answers, bool oversees,
                     const Exam& exam, std::span<const HistoryEntry> history_entries) {
  json::object out = attempt_summary(a, oversees);
  bool released = a.released_at.has_value();
  // Keys only once the exam is closed: before that, a student who has seen
  // them could pass them to classmates still taking it, or use them in a
  // further attempt.
  bool keys = oversees || (released && exam.show_correct_answers && exam.state == "CLOSED");
  json::array questions;
  auto stored = json::parse(a.questions_json);
  for (const auto& v : stored.as_array()) {
    questions.push_back(question_to_json(question_from_json(v, "question"), keys));
  }
  out["questions"] = std::move(questions);
  json::object by_question;
  for (const SavedAnswer& saved : answers) {
    by_question[saved.question_id] = json::object{{"answer", json::parse(saved.answer_json)},
                                                  {"seq", saved.seq},
                                                  {"savedAt", saved.saved_at}};
  }
  out["answers"] = std::move(by_question);
  bool shown = oversees || released;
  out["perQuestion"] =
      shown && a.per_question_json ? json::parse(*a.per_question_json) : json::value(nullptr);
  if (oversees) {
    out["history"] = history(history_entries);
  }
  return out;
}

json::array history(std::span<const HistoryEntry> entries) {
  json::array out;
  out.reserve(entries.size());
  for (const HistoryEntry& e : entries) {
    out.push_back(json::object{{"at", e.at},
                               {"actorId", e.actor_id},
                               {"questionId", e.question_id},
                               {"from", core::json::points(e.from)},
                               {"to", core::json::points(e.to)},
                               {"reason", optional(e.reason)}});
  }
  return out;
}

}  // namespace classroom::exams::views
