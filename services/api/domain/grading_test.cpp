#include "services/api/domain/grading.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::api {
namespace {

std::string refusal(double value, std::optional<std::int64_t> max_points) {
  try {
    checked_grade("assignedGrade", value, max_points);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidArgument);
    return e.fields().at(0).field + " " + e.fields().at(0).message;
  }
  return "accepted";
}

TEST(StudentView, ADraftGradeAloneIsNoChangeTheStudentSees) {
  Submission before;
  Submission after = before;
  after.draft_grade = 850;
  EXPECT_FALSE(student_sees_change(before, after));
  for (auto change :
       {+[](Submission& s) { s.assigned_grade = 850; },
        +[](Submission& s) { s.state = "RETURNED"; }, +[](Submission& s) { s.text = "my essay"; },
        +[](Submission& s) {
          s.links.push_back({"https://example.org", "x"});
        }}) {
    Submission changed = after;
    change(changed);
    EXPECT_TRUE(student_sees_change(before, changed));
  }
}

TEST(Grade, FromZeroToTheMaximumInHundredths) {
  EXPECT_EQ(checked_grade("draftGrade", 0, 1000), 0);
  EXPECT_EQ(checked_grade("draftGrade", 7.5, 1000), 750);
  EXPECT_EQ(checked_grade("draftGrade", 10, 1000), 1000);
}

TEST(Grade, AboveTheMaximumNamesTheRange) {
  EXPECT_EQ(refusal(10.01, 1000), "assignedGrade must be from 0 to 10 with two decimals at most");
}

TEST(Grade, NegativeOrOverPreciseIsRefused) {
  EXPECT_NE(refusal(-1, 1000), "accepted");
  EXPECT_NE(refusal(1.005, 1000), "accepted");
}

TEST(Grade, UngradedCourseworkTakesNoGrade) {
  EXPECT_EQ(refusal(1, std::nullopt), "assignedGrade this coursework is ungraded");
}

TEST(Return, CopiesTheDraftGradeToTheAssignedOne) {
  EXPECT_EQ(grade_on_return(800, std::nullopt), 800);
  EXPECT_EQ(grade_on_return(800, 500), 800);
}

TEST(Return, WithoutADraftKeepsTheAssignedGrade) {
  EXPECT_EQ(grade_on_return(std::nullopt, 500), 500);
  EXPECT_EQ(grade_on_return(std::nullopt, std::nullopt), std::nullopt);
}

TEST(Missing, LateWorkNotTurnedInIsMissing) {
  EXPECT_TRUE(is_missing("NEW", true));
  EXPECT_TRUE(is_missing("RECLAIMED_BY_STUDENT", true));
}

TEST(Missing, TurnedInOrNotYetDueIsNotMissing) {
  EXPECT_FALSE(is_missing("TURNED_IN", true));  // late, but turned in
  EXPECT_FALSE(is_missing("RETURNED", true));
  EXPECT_FALSE(is_missing("NEW", false));
}

TEST(PointsTotal, OnlyGradedItemsCountTowardWhatIsPossible) {
  PointsTotal total;
  total.add(750, 1000);
  total.add(std::nullopt, 2000);  // not graded yet
  total.add(0, 500);
  EXPECT_EQ(total.earned, 750);
  EXPECT_EQ(total.possible, 1500);
  EXPECT_EQ(total.percentage(), 50.0);
}

TEST(PointsTotal, NothingGradedHasNoPercentage) {
  PointsTotal total;
  total.add(std::nullopt, 1000);
  EXPECT_EQ(total.possible, 0);
  EXPECT_FALSE(total.percentage().has_value());
}

}  // namespace
}  // namespace classroom::api
