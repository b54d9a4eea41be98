#include "services/exams/grades_json.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace classroom::exams {

namespace json = boost::json;

json::array question_results_to_json(std::span<const QuestionResult> results) {
  json::array out;
  out.reserve(results.size());
  for (const QuestionResult& r : results) {
    out.push_back(json::object{{"questionId", r.question_id},
                               {"points", core::json::points(r.points)},
                               {"maxPoints", core::json::points(r.max_points)},
                               {"feedback", core::json::optional(r.feedback)},
                               {"needsTeacher", r.needs_teacher}});
  }
  return out;
}

std::string stored_question_results(std::span<const QuestionResult> results) {
  return json::serialize(question_results_to_json(results));
}

std::vector<QuestionResult> question_results_of(const std::string& stored) {
  auto parsed = json::parse(stored);
  std::vector<QuestionResult> out;
  for (const json::value& v : parsed.as_array()) {
    const json::object& o = v.as_object();
    const json::value& feedback = o.at("feedback");
    out.push_back(QuestionResult{
        std::string(o.at("questionId").as_string()),
        to_hundredths(o.at("points").to_number<double>()),
        to_hundredths(o.at("maxPoints").to_number<double>()),
        feedback.is_string() ? std::optional(std::string(feedback.as_string())) : std::nullopt,
        o.at("needsTeacher").as_bool()});
  }
  return out;
}

}  // namespace classroom::exams
