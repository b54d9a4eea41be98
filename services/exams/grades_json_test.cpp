#include "services/exams/grades_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace classroom::exams {
namespace {

TEST(QuestionResultsJson, ReadBackWhatIsStored) {
  const std::vector<QuestionResult> results = {{"q1", 150, 200, std::nullopt, false},
                                               {"essay", 0, 1000, std::nullopt, true},
                                               {"q3", 1, 1, "Right \"enough\"", false}};
  EXPECT_EQ(question_results_of(stored_question_results(results)), results);
}

TEST(QuestionResultsJson, PointsAreNumbersOfPoints) {
  const std::vector<QuestionResult> results = {{"q1", 150, 200, std::nullopt, false}};
  auto json = question_results_to_json(results);
  const auto& first = json.at(0).as_object();
  EXPECT_EQ(first.at("points").to_number<double>(), 1.5);
  EXPECT_TRUE(first.at("maxPoints").is_int64());
  EXPECT_EQ(first.at("maxPoints").as_int64(), 2);
  EXPECT_TRUE(first.at("feedback").is_null());
}

}  // namespace
}  // namespace classroom::exams
