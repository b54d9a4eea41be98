#include "services/exams/domain/scores.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/text.hpp"
#include "services/exams/domain/grading.hpp"
#include "services/exams/domain/question.hpp"

namespace classroom::exams {

namespace {

QuestionResult* find(std::vector<QuestionResult>& results, const std::string& id) {
  auto at = std::find_if(results.begin(), results.end(),
                         [&](const QuestionResult& r) { return r.question_id == id; });
  return at == results.end() ? nullptr : &*at;
}

}  // namespace

std::int64_t to_hundredths(double points) { return std::llround(round_points(points) * 100); }

std::int64_t total_points(std::span<const QuestionResult> results) {
  std::int64_t total = 0;
  for (const QuestionResult& r : results) {
    total += r.points;
  }
  return total;
}

bool waits_for_teacher(std::span<const QuestionResult> results) {
  return std::any_of(results.begin(), results.end(),
                     [](const QuestionResult& r) { return r.needs_teacher; });
}

std::vector<core::FieldError> grade_problems(std::span<const QuestionResult> results,
                                             std::span<const TeacherGrade> grades) {
  std::vector<core::FieldError> problems;
  std::set<std::string> named;
  for (std::size_t i = 0; i < grades.size(); ++i) {
    const TeacherGrade& g = grades[i];
    std::string at = indexed_path("grades", i);
    auto result = std::find_if(results.begin(), results.end(), [&](const QuestionResult& r) {
      return r.question_id == g.question_id;
    });
    if (result == results.end()) {
      problems.push_back({at + ".questionId", "is not a question of this attempt"});
      continue;
    }
    if (!named.insert(g.question_id).second) {
      problems.push_back({at + ".questionId", "is graded twice"});
    }
    if (!valid_points(g.points) || to_hundredths(g.points) > result->max_points) {
      problems.push_back({at + ".points", "must be from 0 to " +
                                              core::points_text(result->max_points) +
                                              " with two decimals at most"});
    }
    if (g.feedback && core::code_points(*g.feedback) > kMaxFeedbackChars) {
      problems.push_back({at + ".feedback",
                          "must be at most " + std::to_string(kMaxFeedbackChars) + " characters"});
    }
  }
  return problems;
}

std::vector<PointsChange> apply_grades(std::vector<QuestionResult>& results,
                                       std::span<const TeacherGrade> grades) {
  std::vector<PointsChange> changes;
  for (const TeacherGrade& g : grades) {
    QuestionResult* r = find(results, g.question_id);
    if (r == nullptr) {
      continue;
    }
    std::int64_t to = to_hundredths(g.points);
    if (to != r->points || r->needs_teacher) {
      changes.push_back({r->question_id, r->points, to});
    }
    r->points = to;
    r->needs_teacher = false;
    if (g.feedback) {
      r->feedback = g.feedback;
    }
  }
  return changes;
}

std::optional<PointsChange> rescore(QuestionResult& result, std::int64_t max_points,
                                    std::optional<std::int64_t> automatic) {
  std::int64_t to = automatic ? *automatic : std::min(result.points, max_points);
  result.max_points = max_points;
  if (to == result.points) {
    return std::nullopt;
  }
  PointsChange change{result.question_id, result.points, to};
  result.points = to;
  return change;
}

std::optional<int> representative_attempt(GradingPolicy policy,
                                          std::span<const AttemptScore> attempts) {
  std::optional<AttemptScore> chosen;
  for (const AttemptScore& a : attempts) {
    if (!a.graded) {
      continue;
    }
    bool better = false;
    if (!chosen) {
      better = true;
    } else if (policy == GradingPolicy::kHighest) {
      better = a.score > chosen->score || (a.score == chosen->score && a.number < chosen->number);
    } else if (policy == GradingPolicy::kFirst) {
      better = a.number < chosen->number;
    } else {
      better = a.number > chosen->number;
    }
    if (better) {
      chosen = a;
    }
  }
  return chosen ? std::optional(chosen->number) : std::nullopt;
}

}  // namespace classroom::exams
