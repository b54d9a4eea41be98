#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "services/exams/domain/results.hpp"

// An attempt's score question by question, and what teachers do to it:
// grade (essays, overrides) and regrade. Points are integer hundredths.
namespace classroom::exams {

// Points (at most two decimals, as valid_points() checks) in hundredths.
std::int64_t to_hundredths(double points);

// One question's result in an attempt, as the attempt keeps it.
struct QuestionResult {
  std::string question_id;
  std::int64_t points = 0;
  std::int64_t max_points = 0;
  std::optional<std::string> feedback;
  bool needs_teacher = false;  // an answered essay not graded yet

  bool operator==(const QuestionResult&) const = default;
};

std::int64_t total_points(std::span<const QuestionResult> results);
// Whether anything is left for a teacher: the attempt is SUBMITTED, not GRADED.
bool waits_for_teacher(std::span<const QuestionResult> results);

// A teacher's grade of one question (feedback absent: the earlier stays).
struct TeacherGrade {
  std::string question_id;
  double points = 0;
  std::optional<std::string> feedback;
};

inline constexpr std::size_t kMaxFeedbackChars = 10'000;

// Why `grades` cannot apply to `results`, as 422 field errors named
// `grades[i].questionId` (unknown to the attempt, or named twice) and
// `grades[i].points` (not from 0 to the question's maxPoints in hundredths);
// empty when they can.
std::vector<core::FieldError> grade_problems(std::span<const QuestionResult> results,
                                             std::span<const TeacherGrade> grades);

// A question's points that changed (or were given by a teacher for the first
// time): what the attempt's history keeps.
struct PointsChange {
  std::string question_id;
  std::int64_t from = 0;
  std::int64_t to = 0;

  bool operator==(const PointsChange&) const = default;
};

// Applies `grades` (checked by grade_problems) to `results`: points,
// feedback when given, nothing left for a teacher on those questions.
// Returns a change for each question whose points changed or that waited for
// a teacher.
std::vector<PointsChange> apply_grades(std::vector<QuestionResult>& results,
                                       std::span<const TeacherGrade> grades);

// Regrading one question worth `max_points` now. `automatic` is its new
// automatic grade; nullopt for an essay, whose teacher's points stay (but
// never above the new maximum; an essay still waiting stays at 0). Returns
// the change, or nullopt when its points stay.
std::optional<PointsChange> rescore(QuestionResult& result, std::int64_t max_points,
                                    std::optional<std::int64_t> automatic);

// The attempt a student's grading policy stands for (statistics count one
// attempt per student): HIGHEST the best (the earliest of equals), LATEST and
// AVERAGE the latest graded, FIRST the first graded. nullopt while none is
// graded; otherwise the chosen attempt's `number`.
std::optional<int> representative_attempt(GradingPolicy policy,
                                          std::span<const AttemptScore> attempts);

}  // namespace classroom::exams
