#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "services/exams/domain/schedule.hpp"

// A student's result over their attempts, when they may see it, and how each
// question did over the class.
namespace classroom::exams {

enum class GradingPolicy { kHighest, kLatest, kFirst, kAverage };
enum class ReleasePolicy { kImmediate, kAfterClose, kManual };
// Their names in API.md and the database ("HIGHEST", "AFTER_CLOSE", ...);
// parsing anything else is nullopt.
std::string_view grading_policy_name(GradingPolicy policy);
std::optional<GradingPolicy> parse_grading_policy(std::string_view name);
std::string_view release_policy_name(ReleasePolicy policy);
std::optional<ReleasePolicy> parse_release_policy(std::string_view name);

struct AttemptScore {
  int number;  // 1 for a student's first attempt
  bool graded;
  double score;  // total points
};

// The student's result by `policy` over their graded attempts (an ungraded
// one does not count yet: LATEST is the latest graded attempt); AVERAGE
// rounded as points are (round_points: hundredths, halves away from zero).
// nullopt while none is graded.
std::optional<double> policy_score(GradingPolicy policy, std::span<const AttemptScore> attempts);

// Whether a graded attempt's result is visible to its student: IMMEDIATE once
// graded, AFTER_CLOSE once the exam is CLOSED, MANUAL once released.
bool result_visible(ReleasePolicy policy, ExamState state, bool graded,
                    std::optional<core::Timestamp> released_at);

struct QuestionScore {
  std::string question_id;
  std::optional<double> points;  // nullopt: unanswered (earns nothing)
  double max_points;
};

// One student's attempt, the one their grading policy picks.
struct ScoredAttempt {
  std::string student_id;
  double total;
  std::vector<QuestionScore> questions;
};

struct QuestionStatistics {
  std::string question_id;
  int answered;        // attempts with an answer to it
  int attempts;        // attempts that had it (drawn questions are not in every one)
  double mean_points;  // over `attempts`, an unanswered question counting 0
  double max_points;
  std::optional<double> facility;
  std::optional<double> discrimination;
};

// Per question, in the order questions first appear in `attempts`:
// - facility: points earned / points possible over the attempts that had the
//   question, from 0 to 1; nullopt when nothing was possible.
// - discrimination: the upper–lower index. The attempts that had the question
//   are ranked by total; the upper and lower groups are the top and bottom 27%
//   of them, rounded, at least one each; D = facility(upper) −
//   facility(lower), from −1 to 1. Attempts tied on total across a group's
//   edge share its last places equally (each counts with the same fraction),
//   so the index never depends on who happens to be listed first; when every
//   total is equal both groups are the same mix and D is 0. nullopt with fewer
//   than two attempts, or when facility is nullopt.
std::vector<QuestionStatistics> statistics(std::span<const ScoredAttempt> attempts);

}  // namespace classroom::exams
