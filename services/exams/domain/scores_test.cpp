#include "services/exams/domain/scores.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace classroom::exams {
namespace {

std::vector<QuestionResult> attempt_with_an_essay() {
  return {{"q1", 200, 200, std::nullopt, false},
          {"q2", 0, 150, std::nullopt, false},
          {"essay", 0, 1000, std::nullopt, true}};
}

std::vector<std::string> fields(const std::vector<core::FieldError>& problems) {
  std::vector<std::string> out;
  out.reserve(problems.size());
  for (const auto& p : problems) {
    out.push_back(p.field);
  }
  return out;
}

TEST(Hundredths, PointsWithTwoDecimalsAreExact) {
  EXPECT_EQ(to_hundredths(1.5), 150);
  EXPECT_EQ(to_hundredths(0.1 + 0.2), 30);
  EXPECT_EQ(to_hundredths(2.675), 268);
}

TEST(AttemptScore, IsTheSumAndWaitsForAnUngradedEssay) {
  auto results = attempt_with_an_essay();
  EXPECT_EQ(total_points(results), 200);
  EXPECT_TRUE(waits_for_teacher(results));
  results[2].needs_teacher = false;
  EXPECT_FALSE(waits_for_teacher(results));
}

TEST(TeacherGrades, GradingTheEssayLeavesNothingForATeacher) {
  auto results = attempt_with_an_essay();
  const TeacherGrade grades[] = {{"essay", 7.5, "Well argued"}};
  ASSERT_TRUE(grade_problems(results, grades).empty());
  auto changes = apply_grades(results, grades);
  EXPECT_EQ(changes, (std::vector<PointsChange>{{"essay", 0, 750}}));
  EXPECT_EQ(total_points(results), 950);
  EXPECT_FALSE(waits_for_teacher(results));
  EXPECT_EQ(results[2].feedback, "Well argued");
}

TEST(TeacherGrades, ZeroForAnEssayIsAGradeAndKeptInHistory) {
  auto results = attempt_with_an_essay();
  const TeacherGrade grades[] = {{"essay", 0, std::nullopt}};
  EXPECT_EQ(apply_grades(results, grades), (std::vector<PointsChange>{{"essay", 0, 0}}));
  EXPECT_FALSE(waits_for_teacher(results));
}

TEST(TeacherGrades, MayOverrideAnAutomaticQuestionAndKeepEarlierFeedback) {
  auto results = attempt_with_an_essay();
  results[1].feedback = "Close";
  const TeacherGrade grades[] = {{"q2", 1, std::nullopt}, {"q1", 2, std::nullopt}};
  EXPECT_EQ(apply_grades(results, grades), (std::vector<PointsChange>{{"q2", 0, 100}}));
  EXPECT_EQ(results[1].feedback, "Close");
  EXPECT_EQ(total_points(results), 300);
  EXPECT_TRUE(waits_for_teacher(results));  // the essay is still not graded
}

TEST(TeacherGrades, PointsOutsideZeroToTheQuestionsMaximumAreRefused) {
  auto results = attempt_with_an_essay();
  const TeacherGrade grades[] = {{"q1", -1, std::nullopt},
                                 {"q2", 1.51, std::nullopt},
                                 {"essay", 0.001, std::nullopt},
                                 {"nope", 1, std::nullopt},
                                 {"q1", std::numeric_limits<double>::quiet_NaN(), std::nullopt}};
  EXPECT_EQ(fields(grade_problems(results, grades)),
            (std::vector<std::string>{"grades[0].points", "grades[1].points", "grades[2].points",
                                      "grades[3].questionId", "grades[4].questionId",
                                      "grades[4].points"}));
  const TeacherGrade at_max[] = {{"q2", 1.5, std::nullopt}, {"essay", 10, std::nullopt}};
  EXPECT_TRUE(grade_problems(results, at_max).empty());
}

TEST(TeacherGrades, OverlongFeedbackIsRefused) {
  auto results = attempt_with_an_essay();
  const TeacherGrade grades[] = {{"essay", 1, std::string(kMaxFeedbackChars + 1, 'x')}};
  EXPECT_EQ(fields(grade_problems(results, grades)),
            (std::vector<std::string>{"grades[0].feedback"}));
}

TEST(Rescore, AnAutomaticQuestionTakesItsNewGradeAndMaximum) {
  QuestionResult r{"q2", 0, 150, std::nullopt, false};
  EXPECT_EQ(rescore(r, 300, 300), (PointsChange{"q2", 0, 300}));
  EXPECT_EQ(r.max_points, 300);
  EXPECT_EQ(rescore(r, 300, 300), std::nullopt);
}

TEST(Rescore, AChangedMaximumAloneIsNoChangeOfPoints) {
  QuestionResult r{"q2", 0, 150, std::nullopt, false};
  EXPECT_EQ(rescore(r, 500, 0), std::nullopt);
  EXPECT_EQ(r.max_points, 500);
}

TEST(Rescore, AnEssaysTeacherPointsStayButNeverAboveTheNewMaximum) {
  QuestionResult essay{"essay", 800, 1000, "Good", false};
  EXPECT_EQ(rescore(essay, 2000, std::nullopt), std::nullopt);
  EXPECT_EQ(essay.points, 800);
  EXPECT_EQ(rescore(essay, 500, std::nullopt), (PointsChange{"essay", 800, 500}));
  EXPECT_EQ(essay.feedback, "Good");
  QuestionResult waiting{"essay", 0, 1000, std::nullopt, true};
  EXPECT_EQ(rescore(waiting, 500, std::nullopt), std::nullopt);
  EXPECT_TRUE(waiting.needs_teacher);
}

TEST(RepresentativeAttempt, FollowsTheGradingPolicyOverGradedAttempts) {
  const AttemptScore attempts[] = {{1, true, 6}, {2, true, 9}, {3, true, 9}, {4, false, 10}};
  EXPECT_EQ(representative_attempt(GradingPolicy::kHighest, attempts), 2);
  EXPECT_EQ(representative_attempt(GradingPolicy::kLatest, attempts), 3);
  EXPECT_EQ(representative_attempt(GradingPolicy::kAverage, attempts), 3);
  EXPECT_EQ(representative_attempt(GradingPolicy::kFirst, attempts), 1);
  const AttemptScore none[] = {{1, false, 0}};
  EXPECT_EQ(representative_attempt(GradingPolicy::kHighest, none), std::nullopt);
}

}  // namespace
}  // namespace classroom::exams
