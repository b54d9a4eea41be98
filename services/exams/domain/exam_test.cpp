#include "services/exams/domain/exam.hpp"

#include <gtest/gtest.h>

#include <map>

#include "services/exams/domain/question_examples_test.hpp"

namespace classroom::exams {
namespace {

Question worth(std::string id, double points) {
  Question q = examples::question("A question?", points, TrueFalse{true});
  q.id = std::move(id);
  return q;
}

std::vector<std::string> fields(const std::vector<core::FieldError>& problems) {
  std::vector<std::string> out;
  out.reserve(problems.size());
  for (const auto& p : problems) {
    out.push_back(p.field);
  }
  return out;
}

TEST(ExamPoints, InlinePointsAndDrawsAddUpExactlyInHundredths) {
  std::vector<Section> sections{
      {"One", {worth("a", 0.1), worth("b", 0.2)}, std::nullopt},
      {"Drawn", {}, Draw{"algebra", 3, 1.5}},
  };
  EXPECT_EQ(max_points(sections), 480);  // 0.1 + 0.2 + 3 × 1.5 = 4.8, not 4.800000001
  EXPECT_EQ(question_count(sections), 5U);
}

TEST(ExamSections, RulesNameEachBrokenFieldOfTheSections) {
  struct Case {
    const char* what;
    std::vector<Section> sections;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases{
      {"valid", {{"A", {worth("a", 1)}, std::nullopt}, {"B", {}, Draw{"t", 2, 1}}}, {}},
      {"an id twice in the exam",
       {{"A", {worth("a", 1)}, std::nullopt}, {"B", {worth("a", 1)}, std::nullopt}},
       {"sections[1].questions[0].id"}},
      {"questions and a draw", {{"A", {worth("a", 1)}, Draw{"t", 1, 1}}}, {"sections[0]"}},
      {"a draw of nothing", {{"A", {}, Draw{"t", 0, 1}}}, {"sections[0].draw.count"}},
      {"a draw of too many", {{"A", {}, Draw{"t", kMaxDraw + 1, 1}}}, {"sections[0].draw.count"}},
      {"a draw without a tag", {{"A", {}, Draw{"", 1, 1}}}, {"sections[0].draw.tag"}},
      {"negative points each", {{"A", {}, Draw{"t", 1, -1}}}, {"sections[0].draw.pointsEach"}},
      {"a third decimal", {{"A", {}, Draw{"t", 1, 0.125}}}, {"sections[0].draw.pointsEach"}},
      {"a title too long",
       {{std::string(kTitleMax + 1, 'x'), {}, std::nullopt}},
       {"sections[0].title"}},
      {"a direction control in a title",
       {{"Part \xE2\x80\xAE"
         "1",
         {worth("a", 1)},
         std::nullopt}},
       {"sections[0].title"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(fields(section_problems(c.sections)), c.fields) << c.what;
  }
}

TEST(ExamPublishing, NeedsAQuestionAndEnoughInEachDrawnTag) {
  std::map<std::string, int> bank{{"algebra", 2}, {"geometry", 5}};
  auto tagged = [&](const std::string& tag) { return bank[tag]; };
  EXPECT_EQ(fields(publish_problems({}, tagged)), std::vector<std::string>{"sections"});
  std::vector<Section> empty_section{{"Nothing yet", {}, std::nullopt}};
  EXPECT_EQ(fields(publish_problems(empty_section, tagged)), std::vector<std::string>{"sections"});

  std::vector<Section> draws{{"G", {}, Draw{"geometry", 5, 1}}, {"A", {}, Draw{"algebra", 3, 1}}};
  auto problems = publish_problems(draws, tagged);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"sections[1].draw"});
  EXPECT_EQ(problems[0].message, "draws 3 questions tagged \"algebra\" but the bank holds 2");
  bank["algebra"] = 3;
  EXPECT_TRUE(publish_problems(draws, tagged).empty());
}

}  // namespace
}  // namespace classroom::exams
