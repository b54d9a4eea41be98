#include "services/exams/domain/results.hpp"

#include <gtest/gtest.h>

namespace classroom::exams {
namespace {

using namespace std::chrono_literals;

constexpr core::Timestamp kReleased{std::chrono::seconds(1796115600)};

TEST(PolicyNames, AreTheApisAndReadBack) {
  EXPECT_EQ(grading_policy_name(GradingPolicy::kHighest), "HIGHEST");
  EXPECT_EQ(grading_policy_name(GradingPolicy::kAverage), "AVERAGE");
  EXPECT_EQ(release_policy_name(ReleasePolicy::kAfterClose), "AFTER_CLOSE");
  for (auto p : {GradingPolicy::kHighest, GradingPolicy::kLatest, GradingPolicy::kFirst,
                 GradingPolicy::kAverage}) {
    EXPECT_EQ(parse_grading_policy(grading_policy_name(p)), p);
  }
  for (auto p : {ReleasePolicy::kImmediate, ReleasePolicy::kAfterClose, ReleasePolicy::kManual}) {
    EXPECT_EQ(parse_release_policy(release_policy_name(p)), p);
  }
  EXPECT_EQ(parse_grading_policy("highest"), std::nullopt);
  EXPECT_EQ(parse_release_policy(""), std::nullopt);
}

TEST(PolicyScore, EachPolicyOverTheGradedAttempts) {
  // Attempt 3 waits for an essay to be graded: it does not count yet.
  const AttemptScore attempts[] = {{1, true, 6}, {2, true, 9}, {3, false, 10}, {4, true, 7.5}};
  EXPECT_EQ(policy_score(GradingPolicy::kHighest, attempts), 9);
  EXPECT_EQ(policy_score(GradingPolicy::kLatest, attempts), 7.5);
  EXPECT_EQ(policy_score(GradingPolicy::kFirst, attempts), 6);
  // (6 + 9 + 7.5) / 3 = 7.5
  EXPECT_EQ(policy_score(GradingPolicy::kAverage, attempts), 7.5);
}

TEST(PolicyScore, AttemptsNeedNotBeInOrder) {
  const AttemptScore attempts[] = {{2, true, 4}, {1, true, 8}};
  EXPECT_EQ(policy_score(GradingPolicy::kLatest, attempts), 4);
  EXPECT_EQ(policy_score(GradingPolicy::kFirst, attempts), 8);
}

TEST(PolicyScore, AverageIsRoundedToHundredthsHalvesUp) {
  // 10 / 3 = 3.333…; (1.01 + 1.02) / 2 = 1.015, a half, rounded up.
  const AttemptScore thirds[] = {{1, true, 0}, {2, true, 5}, {3, true, 5}};
  EXPECT_EQ(policy_score(GradingPolicy::kAverage, thirds), 3.33);
  const AttemptScore half[] = {{1, true, 1.01}, {2, true, 1.02}};
  EXPECT_EQ(policy_score(GradingPolicy::kAverage, half), 1.02);
}

TEST(PolicyScore, NoResultWhileNothingIsGraded) {
  const AttemptScore ungraded[] = {{1, false, 5}};
  for (auto policy : {GradingPolicy::kHighest, GradingPolicy::kLatest, GradingPolicy::kFirst,
                      GradingPolicy::kAverage}) {
    EXPECT_EQ(policy_score(policy, ungraded), std::nullopt);
    EXPECT_EQ(policy_score(policy, {}), std::nullopt);
  }
}

struct VisibilityCase {
  ReleasePolicy policy;
  ExamState state;
  bool graded;
  std::optional<core::Timestamp> released_at;
  bool visible;
};

TEST(ResultVisible, ByReleasePolicyExamStateGradingAndRelease) {
  using enum ExamState;
  using enum ReleasePolicy;
  const VisibilityCase cases[] = {
      {kImmediate, kPublished, true, std::nullopt, true},
      {kImmediate, kPublished, false, std::nullopt, false},
      {kImmediate, kClosed, false, kReleased, false},
      {kAfterClose, kPublished, true, std::nullopt, false},
      {kAfterClose, kPublished, true, kReleased, false},
      {kAfterClose, kClosed, true, std::nullopt, true},
      {kAfterClose, kClosed, false, std::nullopt, false},
      {kManual, kClosed, true, std::nullopt, false},
      {kManual, kPublished, true, kReleased, true},
      {kManual, kClosed, true, kReleased, true},
      {kManual, kClosed, false, kReleased, false},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const auto& c = cases[i];
    EXPECT_EQ(result_visible(c.policy, c.state, c.graded, c.released_at), c.visible)
        << "case " << i;
  }
}

const QuestionStatistics& find(const std::vector<QuestionStatistics>& all, const std::string& id) {
  for (const auto& s : all) {
    if (s.question_id == id) {
      return s;
    }
  }
  throw std::out_of_range(id);
}

TEST(Statistics, AHandComputedClass) {
  // Four students; q3 is drawn, so C's attempt does not have it. D left q1
  // and q3 unanswered. Totals: A 2+4+3 = 9, B 2+1+3 = 6, C 0+4 = 4, D 0+1+0 = 1.
  const std::vector<ScoredAttempt> attempts = {
      {"A", 9, {{"q1", 2, 2}, {"q2", 4, 4}, {"q3", 3, 3}}},
      {"B", 6, {{"q1", 2, 2}, {"q2", 1, 4}, {"q3", 3, 3}}},
      {"C", 4, {{"q1", 0, 2}, {"q2", 4, 4}}},
      {"D", 1, {{"q1", std::nullopt, 2}, {"q2", 1, 4}, {"q3", std::nullopt, 3}}},
  };
  const auto stats = statistics(attempts);
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_EQ(stats[0].question_id, "q1");
  EXPECT_EQ(stats[2].question_id, "q3");
  // 27% of 4 is 1.08: one attempt in each group, A above and D below.
  // q1: 2+2+0+0 = 4 of 4×2 = 8: mean 1, facility 0.5; D = 2/2 − 0/2 = 1.
  const auto& q1 = find(stats, "q1");
  EXPECT_EQ(q1.answered, 3);
  EXPECT_EQ(q1.attempts, 4);
  EXPECT_DOUBLE_EQ(q1.mean_points, 1);
  EXPECT_DOUBLE_EQ(q1.max_points, 2);
  EXPECT_DOUBLE_EQ(*q1.facility, 0.5);
  EXPECT_DOUBLE_EQ(*q1.discrimination, 1);
  // q2: 4+1+4+1 = 10 of 16: mean 2.5, facility 0.625; D = 4/4 − 1/4 = 0.75.
  const auto& q2 = find(stats, "q2");
  EXPECT_EQ(q2.answered, 4);
  EXPECT_DOUBLE_EQ(q2.mean_points, 2.5);
  EXPECT_DOUBLE_EQ(*q2.facility, 0.625);
  EXPECT_DOUBLE_EQ(*q2.discrimination, 0.75);
  // q3: only A, B, D: 3+3+0 = 6 of 9: mean 2, facility 2/3; 27% of 3 is
  // 0.81, so one each: D = 3/3 − 0/3 = 1.
  const auto& q3 = find(stats, "q3");
  EXPECT_EQ(q3.answered, 2);
  EXPECT_EQ(q3.attempts, 3);
  EXPECT_DOUBLE_EQ(q3.mean_points, 2);
  EXPECT_DOUBLE_EQ(*q3.facility, 2.0 / 3);
  EXPECT_DOUBLE_EQ(*q3.discrimination, 1);
}

TEST(Statistics, GroupsAre27PercentRounded) {
  // Seven attempts, totals 7 down to 1: 27% of 7 is 1.89, so two in each group.
  // Upper {7: 1, 6: 0} = 0.5, lower {1: 0, 2: 1} = 0.5: D = 0 (one in each
  // group would give 1, three 2/3 − 1/3).
  const double points[] = {1, 0, 1, 1, 0, 1, 0};
  std::vector<ScoredAttempt> attempts;
  attempts.reserve(std::size(points));
  for (int i = 0; i < 7; ++i) {
    attempts.push_back({"s" + std::to_string(i), 7.0 - i, {{"q", points[i], 1}}});
  }
  EXPECT_DOUBLE_EQ(*statistics(attempts).at(0).discrimination, 0);
}

TEST(Statistics, TiesAtAGroupsEdgeShareItsPlaceWhateverTheOrder) {
  // Six attempts: 27% of 6 is 1.62, two in each group. The upper group is the
  // 9 and one place shared by the two 5s, half each:
  // (0 + ½ × 1 + ½ × 0) / (1 + ½ + ½) = 0.25. The lower group is the 1 and
  // the 2: 0. D = 0.25, whichever 5 is listed first.
  std::vector<ScoredAttempt> attempts = {{"a", 9, {{"q", 0, 1}}}, {"b", 5, {{"q", 1, 1}}},
                                         {"c", 5, {{"q", 0, 1}}}, {"d", 3, {{"q", 1, 1}}},
                                         {"e", 2, {{"q", 0, 1}}}, {"f", 1, {{"q", 0, 1}}}};
  EXPECT_DOUBLE_EQ(*statistics(attempts).at(0).discrimination, 0.25);
  std::swap(attempts[1], attempts[2]);
  EXPECT_DOUBLE_EQ(*statistics(attempts).at(0).discrimination, 0.25);
}

TEST(Statistics, EqualTotalsDoNotDiscriminate) {
  const std::vector<ScoredAttempt> attempts = {{"a", 3, {{"q", 1, 1}}}, {"b", 3, {{"q", 0, 1}}}};
  EXPECT_DOUBLE_EQ(*statistics(attempts).at(0).discrimination, 0);
}

TEST(Statistics, DegenerateCases) {
  EXPECT_TRUE(statistics({}).empty());
  // One attempt: a facility, but nothing to discriminate between.
  const std::vector<ScoredAttempt> one = {{"a", 1, {{"q", 1, 2}}}};
  EXPECT_DOUBLE_EQ(*statistics(one).at(0).facility, 0.5);
  EXPECT_EQ(statistics(one).at(0).discrimination, std::nullopt);
  // A question worth nothing has no facility and no index.
  const std::vector<ScoredAttempt> zero = {{"a", 1, {{"q", 0, 0}}}, {"b", 0, {{"q", 0, 0}}}};
  const auto s = statistics(zero).at(0);
  EXPECT_EQ(s.facility, std::nullopt);
  EXPECT_EQ(s.discrimination, std::nullopt);
  EXPECT_DOUBLE_EQ(s.mean_points, 0);
  // Nobody answered: facility 0, and the index 0.
  const std::vector<ScoredAttempt> unanswered = {{"a", 2, {{"q", std::nullopt, 1}}},
                                                 {"b", 1, {{"q", std::nullopt, 1}}}};
  EXPECT_EQ(statistics(unanswered).at(0).answered, 0);
  EXPECT_DOUBLE_EQ(*statistics(unanswered).at(0).facility, 0);
  EXPECT_DOUBLE_EQ(*statistics(unanswered).at(0).discrimination, 0);
}

}  // namespace
}  // namespace classroom::exams
