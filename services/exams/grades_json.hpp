#pragma once

#include <boost/json/fwd.hpp>
#include <span>
#include <string>
#include <vector>

#include "services/exams/domain/scores.hpp"

// An attempt's score per question as JSON: how attempts keep it (jsonb
// `per_question`) and show it, `[{questionId, points, maxPoints, feedback,
// needsTeacher}]` with points as numbers of at most two decimals.
namespace classroom::exams {

boost::json::array question_results_to_json(std::span<const QuestionResult> results);
std::string stored_question_results(std::span<const QuestionResult> results);
// What stored_question_results() wrote.
std::vector<QuestionResult> question_results_of(const std::string& stored);

}  // namespace classroom::exams
