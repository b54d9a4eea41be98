#include "services/exams/attempts.hpp"

#include <boost/json.hpp>
#include <cstring>
#include <map>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/time.hpp"
#include "services/exams/deadlines.hpp"
#include "services/exams/domain/draw.hpp"
#include "services/exams/domain/grading.hpp"
#include "services/exams/domain/results.hpp"
#include "services/exams/domain/schedule.hpp"
#include "services/exams/domain/scores.hpp"
#include "services/exams/exam_json.hpp"
#include "services/exams/grades_json.hpp"
#include "services/exams/question_json.hpp"
#include "services/exams/stores/adjustment_store.hpp"
#include "services/exams/stores/attempt_store.hpp"
#include "services/exams/stores/bank_store.hpp"
#include "services/exams/stores/exam_store.hpp"
#include "services/exams/stores/result_store.hpp"

namespace classroom::exams {

namespace asio = boost::asio;
namespace json = boost::json;
using core::Error;
using core::ErrorCode;

namespace {

// The attempt's draws and shuffles are fixed by its id.
std::uint64_t seed_of(const std::string& attempt_id) {
  std::uint64_t seed = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : attempt_id) {
    seed = (seed ^ c) * 1099511628211ULL;
  }
  return seed;
}

// A choice question's options (or an ordering's items, always) in the
// attempt's own order.
void shuffle_options(Question& q, std::uint64_t seed, bool shuffle) {
  auto reorder = [&](std::vector<Option>& options) {
    std::vector<std::string> ids;
    ids.reserve(options.size());
    for (const Option& o : options) {
      ids.push_back(o.id);
    }
    std::vector<Option> out;
    out.reserve(options.size());
    for (const std::string& id : shuffled_options(ids, seed, q.id)) {
      out.push_back(*std::find_if(options.begin(), options.end(),
                                  [&](const Option& o) { return o.id == id; }));
    }
    options = std::move(out);
  };
  if (auto* single = std::get_if<SingleChoice>(&q.body); single && shuffle) {
    reorder(single->options);
  } else if (auto* multiple = std::get_if<MultipleChoice>(&q.body); multiple && shuffle) {
    reorder(multiple->options);
  } else if (auto* ordering = std::get_if<Ordering>(&q.body)) {
    reorder(ordering->items);  // as authored may be the answer itself
  }
}

// The attempt's questions, keys included: inline ones as authored, drawn
// ones from the bank worth the draw's points each, in the attempt's order.
asio::awaitable<std::vector<Question>> draw_questions(core::pg::Transaction& tx, const Exam& exam,
                                                      std::uint64_t seed) {
  auto sections = sections_of(exam.sections_json);
  std::map<std::string, Question> pool;
  std::map<std::string, std::vector<std::string>> tagged;
  std::vector<SectionPlan> plans;
  for (const Section& s : sections) {
    SectionPlan plan;
    for (const Question& q : s.questions) {
      plan.question_ids.push_back(q.id);
      pool.emplace(q.id, q);
    }
    if (s.draw) {
      plan.draw_tag = s.draw->tag;
      plan.draw_count = s.draw->count;
      if (!tagged.contains(s.draw->tag)) {
        tagged[s.draw->tag] = co_await bank_store::ids_tagged(tx, exam.course_id, s.draw->tag);
      }
    }
    plans.push_back(std::move(plan));
  }
  std::vector<std::string> order;
  try {
    order = attempt_questions(
        plans, [&](const std::string& tag) { return tagged[tag]; }, exam.shuffle_questions, seed);
  } catch (const Error&) {
    // The bank lost questions since publishing: nothing the student can fix.
    throw Error(ErrorCode::kFailedPrecondition,
                "the exam cannot be started: the question bank holds too few questions for "
                "one of its sections; tell the teacher");
  }
  // A drawn question is worth its draw's points each (the first draw of it
  // that names its tag, should two tags overlap).
  std::map<std::string, double> drawn_points;
  for (const Section& s : sections) {
    if (s.draw) {
      for (const std::string& id : tagged[s.draw->tag]) {
        drawn_points.emplace(id, s.draw->points_each);
      }
    }
  }
  std::vector<std::string> from_bank;
  for (const std::string& id : order) {
    if (!pool.contains(id)) {
      from_bank.push_back(id);
    }
  }
  if (!from_bank.empty()) {
    for (const BankQuestion& b : co_await bank_store::find_many(tx, exam.course_id, from_bank)) {
      auto q = question_from_json(json::parse(b.question_json), "question");
      q.tags.clear();
      q.points = drawn_points.at(b.id);
      pool.emplace(b.id, std::move(q));
    }
  }
  std::vector<Question> out;
  for (const std::string& id : order) {
    auto found = pool.find(id);
    if (found == pool.end()) {  // deleted between the draw and now
      throw Error(ErrorCode::kUnavailable, "a question changed while the attempt started; retry")
          .with_retry_after(std::chrono::seconds(1));
    }
    Question q = found->second;
    shuffle_options(q, seed, exam.shuffle_options);
    out.push_back(std::move(q));
  }
  co_return out;
}

}  // namespace

bool releases_results(const Exam& exam) {
  return result_visible(parse_release_policy(exam.result_release).value_or(ReleasePolicy::kManual),
                        parse_exam_state(exam.state).value_or(ExamState::kDraft), true,
                        time_of(exam.released_at));
}

asio::awaitable<std::optional<Time>> release_result(core::pg::Transaction& tx, const Exam& exam,
                                                    const std::string& student_id,
                                                    const std::string& actor_id) {
  auto attempts = co_await attempt_store::release(tx, exam.id, student_id);
  std::vector<AttemptScore> scores;
  scores.reserve(attempts.size());
  for (const Attempt& a : attempts) {
    scores.push_back(
        {a.number, a.state == "GRADED", static_cast<double>(a.score.value_or(0)) / 100.0});
  }
  auto points = policy_score(
      parse_grading_policy(exam.grading_policy).value_or(GradingPolicy::kHighest), scores);
  if (!points || exam.max_points <= 0) {
    co_return std::nullopt;
  }
  // Named before the co_await (GCC 12, docs/decisions.md).
  json::object data{{"studentId", student_id},
                    {"points", core::json::points(to_hundredths(*points))},
                    {"maxPoints", core::json::points(exam.max_points)},
                    {"releasedAt", attempts.front().released_at.value_or("")}};
  co_await emit_exam_event(tx, "exam.result_released", actor_id, exam, std::move(data));
  co_return attempts.front().released_at;
}

asio::awaitable<int> release_unreleased(core::pg::Transaction& tx, const Exam& exam,
                                        const std::string& actor_id) {
  auto students = co_await result_store::unreleased_students(tx, exam.id);
  for (const std::string& student : students) {
    co_await release_result(tx, exam, student, actor_id);
  }
  co_return static_cast<int>(students.size());
}

asio::awaitable<Started> start_attempt(core::pg::Transaction& tx, const Exam& exam,
                                       const std::string& student_id) {
  // Under the student's lock (student_times), so that a second start at the
  // same moment finds the first one's attempt.
  auto applying = co_await student_times(tx, exam, student_id);
  if (auto current = co_await attempt_store::in_progress(tx, exam.id, student_id)) {
    co_return Started{std::move(*current), false};
  }
  const ExamTimes& times = applying.times;
  int used = co_await attempt_store::count(tx, exam.id, student_id);
  auto now = std::chrono::time_point_cast<std::chrono::microseconds>(core::Clock::now());
  if (auto refusal = start_refusal(parse_exam_state(exam.state).value_or(ExamState::kClosed), times,
                                   used, now)) {
    throw Error(ErrorCode::kFailedPrecondition, *refusal);
  }
  const Accommodation& accommodation = applying.accommodation;
  std::string id = core::new_uuid();
  auto questions = co_await draw_questions(tx, exam, seed_of(id));
  json::array stored;
  std::int64_t max = 0;
  for (const Question& q : questions) {
    stored.push_back(question_to_json(q, true));
    max += to_hundredths(q.points);
  }
  auto due = deadline(now, times, accommodation);
  attempt_store::NewAttempt fresh{id,
                                  exam.id,
                                  exam.course_id,
                                  student_id,
                                  used + 1,
                                  due ? std::optional(core::format_time(*due, true)) : std::nullopt,
                                  json::serialize(stored),
                                  max};
  auto attempt = co_await attempt_store::insert(tx, fresh);
  co_return Started{std::move(attempt), true};
}

asio::awaitable<Attempt> submit_attempt(core::pg::Transaction& tx, const Attempt& attempt,
                                        const Exam& exam, const std::string& actor_id) {
  auto saved = co_await attempt_store::answers(tx, attempt.id);
  std::map<std::string, const SavedAnswer*> by_question;
  for (const SavedAnswer& a : saved) {
    by_question[a.question_id] = &a;
  }
  std::vector<QuestionResult> results;
  auto stored = json::parse(attempt.questions_json);
  for (const auto& v : stored.as_array()) {
    Question q = question_from_json(v, "question");
    auto found = by_question.find(q.id);
    Grade g =
        found == by_question.end()
            ? grade_unanswered(q)
            : grade(q, answer_from_json(q, json::parse(found->second->answer_json), "answer"));
    results.push_back(
        {q.id, to_hundredths(g.points), to_hundredths(q.points), std::nullopt, g.needs_teacher});
  }
  auto state = waits_for_teacher(results) ? "SUBMITTED" : "GRADED";
  auto done = co_await attempt_store::finish(tx, attempt.id, state, total_points(results),
                                             stored_question_results(results), actor_id.empty());
  json::object data{{"attemptId", done.id},
                    {"studentId", done.student_id},
                    {"number", done.number},
                    {"state", done.state},
                    {"byDeadline", actor_id.empty()}};
  co_await emit_exam_event(tx, "attempt.submitted", actor_id, exam, std::move(data));
  if (done.state == "GRADED" && releases_results(exam)) {
    done.released_at = co_await release_result(tx, exam, done.student_id, actor_id);
  }
  co_return done;
}

asio::awaitable<int> close_due_exams(core::pg::Pool& db) {
  constexpr int kBatch = 50;
  int closed = 0;
  for (;;) {
    auto tx = co_await db.begin();
    auto due = co_await exam_store::close_due(tx, kBatch);
    for (const Exam& e : due) {
      co_await emit_exam_event(tx, "exam.closed", "", e, json::object{});
      if (e.result_release == "AFTER_CLOSE") {
        co_await release_unreleased(tx, e, "");
      }
    }
    co_await tx.commit();
    closed += static_cast<int>(due.size());
    if (due.size() < kBatch) {
      co_return closed;
    }
  }
}

asio::awaitable<int> submit_overdue(core::pg::Pool& db) {
  constexpr int kBatch = 50;
  int submitted = 0;
  for (;;) {
    auto due = co_await attempt_store::overdue(db, static_cast<int>(kAnswerGrace.count()), kBatch);
    for (const Attempt& seen : due) {
      // The exam first, then the attempt, as closing and releasing lock them.
      auto tx = co_await db.begin();
      auto exam = co_await exam_store::share(tx, seen.exam_id);
      auto a = co_await attempt_store::lock(tx, seen.id);
      if (!exam || !a || a->state != "IN_PROGRESS") {
        continue;  // submitted meanwhile (by its student, or another instance)
      }
      co_await submit_attempt(tx, *a, *exam, "");
      co_await tx.commit();
      ++submitted;
    }
    if (due.size() < kBatch) {
      co_return submitted;
    }
  }
}

asio::awaitable<void> emit_exam_event(core::pg::Transaction& tx, std::string type,
                                      const std::string& actor_id, const Exam& exam,
                                      json::object data) {
  data["examId"] = exam.id;
  data["title"] = exam.title;
  core::outbox::Event event{std::move(type),
                            actor_id.empty() ? std::nullopt : std::optional(actor_id),
                            exam.course_id, json::serialize(data)};
  co_await core::outbox::enqueue(tx, event);
}

}  // namespace classroom::exams
