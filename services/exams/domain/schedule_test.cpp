#include "services/exams/domain/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace classroom::exams {
namespace {

using namespace std::chrono_literals;

// The injected clock: every time is minutes after 2026-12-01T09:00:00Z.
constexpr core::Timestamp kNine{std::chrono::seconds(1796115600)};
constexpr core::Timestamp at(std::chrono::microseconds after) { return kNine + after; }

TEST(ExamStateNames, AreTheApisAndReadBack) {
  EXPECT_EQ(exam_state_name(ExamState::kPublished), "PUBLISHED");
  for (auto s : {ExamState::kDraft, ExamState::kPublished, ExamState::kClosed}) {
    EXPECT_EQ(parse_exam_state(exam_state_name(s)), s);
  }
  EXPECT_EQ(parse_exam_state("OPEN"), std::nullopt);
}

struct DeadlineCase {
  const char* name;
  ExamTimes times;
  Accommodation accommodation;
  core::Timestamp started;
  std::optional<core::Timestamp> expected;
};

TEST(Deadline, LimitCloseMultiplierExtraMinutesAndExtendPastClose) {
  const ExamTimes limit_only{std::nullopt, std::nullopt, 60, 1};
  const ExamTimes close_only{std::nullopt, at(120min), std::nullopt, 1};
  const ExamTimes both{std::nullopt, at(120min), 60, 1};
  const ExamTimes neither{};
  const Accommodation none{};
  const Accommodation half_again{1.5, 0, false};
  const Accommodation extra_ten{1, 10, false};
  const Accommodation both_extra{1.5, 10, false};
  const Accommodation both_past{1.5, 10, true};
  const DeadlineCase cases[] = {
      {"limit only", limit_only, none, at(0min), at(60min)},
      {"close only", close_only, none, at(0min), at(120min)},
      {"close only, started late", close_only, none, at(110min), at(120min)},
      {"both, limit first", both, none, at(0min), at(60min)},
      {"both, close cuts the limit", both, none, at(90min), at(120min)},
      {"neither", neither, none, at(0min), std::nullopt},
      {"neither with an accommodation", neither, both_past, at(0min), std::nullopt},
      {"multiplier scales the limit", limit_only, half_again, at(0min), at(90min)},
      {"extra minutes after the limit", limit_only, extra_ten, at(0min), at(70min)},
      // 60 × 1.5 + 10 = 100 minutes.
      {"multiplier and extra minutes", limit_only, both_extra, at(0min), at(100min)},
      {"accommodation, but not past close", both, both_extra, at(0min), at(100min)},
      {"accommodation cut by close", both, both_extra, at(30min), at(120min)},
      // Past close by the same extra time: 30 (half of 60) + 10 minutes.
      {"extend past close", both, both_past, at(30min), at(130min)},
      {"extend past close, started at the last moment", both, both_past, at(119min), at(160min)},
      {"extend past close, early start needs none", both, both_past, at(0min), at(100min)},
      // No limit to scale: only the extra minutes extend the close.
      {"extend past close without a limit", close_only, both_past, at(0min), at(130min)},
      {"no extension without extend past close", close_only, both_extra, at(0min), at(120min)},
      // 45 × 1.33 = 59.85 minutes = 59 min 51 s.
      {"fractional multiplier to the second", ExamTimes{std::nullopt, std::nullopt, 45, 1},
       Accommodation{1.33, 0, false}, at(0min), at(59min + 51s)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(deadline(c.started, c.times, c.accommodation), c.expected) << c.name;
  }
}

TEST(Deadline, AnOverrideReplacesTheExamsCloseAndLimit) {
  const ExamTimes exam{at(0min), at(120min), 60, 1};
  const Override later_close{std::nullopt, at(240min), std::nullopt, std::nullopt};
  EXPECT_EQ(deadline(at(150min), times_for(exam, later_close), {}), at(210min));
  const Override longer{std::nullopt, std::nullopt, std::nullopt, 90};
  EXPECT_EQ(deadline(at(0min), times_for(exam, longer), {}), at(90min));
  EXPECT_EQ(deadline(at(0min), times_for(exam, longer), {2, 0, false}), at(120min));
}

TEST(TimesFor, SetFieldsReplaceTheExamsAndTheRestStay) {
  const ExamTimes exam{at(0min), at(120min), 60, 1};
  EXPECT_EQ(times_for(exam, std::nullopt).closes_at, at(120min));
  const ExamTimes t = times_for(exam, Override{at(-60min), std::nullopt, 3, std::nullopt});
  EXPECT_EQ(t.opens_at, at(-60min));
  EXPECT_EQ(t.closes_at, at(120min));
  EXPECT_EQ(t.time_limit_minutes, 60);
  EXPECT_EQ(t.max_attempts, 3);
}

TEST(RecomputedDeadline, AChangeReachesAnAttemptInProgressButNeverEndsItSooner) {
  const ExamTimes times{std::nullopt, at(120min), 60, 1};
  // Granted 60 minutes; a new accommodation of 1.5 gives 90.
  EXPECT_EQ(recomputed_deadline(at(0min), at(60min), times, {1.5, 0, false}), at(90min));
  // The accommodation was removed: the 90 minutes granted stay.
  EXPECT_EQ(recomputed_deadline(at(0min), at(90min), times, {}), at(90min));
  // An override moving the close earlier does not cut what was granted.
  const ExamTimes earlier{std::nullopt, at(30min), 60, 1};
  EXPECT_EQ(recomputed_deadline(at(0min), at(60min), earlier, {}), at(60min));
  // No deadline granted stays none; a change to none lifts one.
  EXPECT_EQ(recomputed_deadline(at(0min), std::nullopt, times, {}), std::nullopt);
  EXPECT_EQ(recomputed_deadline(at(0min), at(60min), ExamTimes{}, {}), std::nullopt);
}

struct RefusalCase {
  const char* name;
  ExamState state;
  int used;
  core::Timestamp now;
  std::optional<std::string> expected;
};

TEST(StartRefusal, OpenFromOpensAtUntilJustBeforeClosesAtWithAttemptsLeft) {
  const ExamTimes times{at(0min), at(120min), 60, 2};
  const RefusalCase cases[] = {
      {"draft", ExamState::kDraft, 0, at(10min), "the exam is not published"},
      {"closed early by a teacher", ExamState::kClosed, 0, at(10min), "the exam is closed"},
      {"closed at its time", ExamState::kClosed, 0, at(130min),
       "the exam closed at 2026-12-01T11:00:00Z"},
      {"before opening", ExamState::kPublished, 0, at(-1s),
       "the exam opens at 2026-12-01T09:00:00Z"},
      {"exactly at opening", ExamState::kPublished, 0, at(0min), std::nullopt},
      {"just before closing", ExamState::kPublished, 1, at(120min - 1us), std::nullopt},
      {"exactly at closing", ExamState::kPublished, 0, at(120min),
       "the exam closed at 2026-12-01T11:00:00Z"},
      {"all attempts used", ExamState::kPublished, 2, at(10min), "no attempts left (2 of 2 used)"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(start_refusal(c.state, times, c.used, c.now), c.expected) << c.name;
  }
}

TEST(StartRefusal, WithoutTimesAPublishedExamIsAlwaysOpen) {
  EXPECT_EQ(start_refusal(ExamState::kPublished, ExamTimes{}, 0, at(-9999min)), std::nullopt);
}

TEST(StartRefusal, AnOverrideOpensTheExamEarlierAndAllowsMoreAttempts) {
  const ExamTimes exam{at(0min), at(120min), 60, 1};
  const auto times = times_for(exam, Override{at(-60min), std::nullopt, 2, std::nullopt});
  EXPECT_EQ(start_refusal(ExamState::kPublished, times, 1, at(-30min)), std::nullopt);
}

TEST(Grace, AnswersAreTakenUntilTenSecondsAfterTheDeadline) {
  EXPECT_TRUE(accepts_answers(at(60min), at(60min)));
  EXPECT_TRUE(accepts_answers(at(60min), at(60min) + kAnswerGrace));
  EXPECT_FALSE(accepts_answers(at(60min), at(60min) + kAnswerGrace + 1us));
  EXPECT_TRUE(accepts_answers(std::nullopt, at(99999min)));
}

TEST(Overdue, AnAttemptIsOverdueJustAfterItsDeadline) {
  EXPECT_FALSE(is_overdue(at(60min), at(60min)));
  EXPECT_TRUE(is_overdue(at(60min), at(60min) + 1us));
  EXPECT_FALSE(is_overdue(std::nullopt, at(99999min)));
}

std::vector<std::string> fields(const std::vector<core::FieldError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const auto& e : errors) {
    out.push_back(e.field);
  }
  return out;
}

TEST(Validation, AccommodationsStayWithinTheirRanges) {
  using V = std::vector<std::string>;
  EXPECT_EQ(fields(accommodation_errors({1, 0, false})), V{});
  EXPECT_EQ(fields(accommodation_errors({5, 10080, true})), V{});
  EXPECT_EQ(fields(accommodation_errors({1.25, 0, false})), V{});
  EXPECT_EQ(fields(accommodation_errors({0.5, -1, false})), (V{"timeMultiplier", "extraMinutes"}));
  EXPECT_EQ(fields(accommodation_errors({5.01, 10081, false})),
            (V{"timeMultiplier", "extraMinutes"}));
  EXPECT_EQ(fields(accommodation_errors({1.333, 0, false})), V{"timeMultiplier"});
  EXPECT_EQ(fields(accommodation_errors({std::nan(""), 0, false})), V{"timeMultiplier"});
}

TEST(Validation, ExamTimesNeedALimitAndAttemptsInRangeAndOpeningBeforeClosing) {
  using V = std::vector<std::string>;
  EXPECT_EQ(fields(exam_times_errors({at(0min), at(1min), 10080, 100})), V{});
  EXPECT_EQ(fields(exam_times_errors({at(0min), at(0min), 0, 0})),
            (V{"timeLimitMinutes", "maxAttempts", "closesAt"}));
  EXPECT_EQ(fields(exam_times_errors({std::nullopt, std::nullopt, 10081, 101})),
            (V{"timeLimitMinutes", "maxAttempts"}));
}

TEST(Validation, AnOverrideLeavesTheStudentAnExamThatOpensBeforeItCloses) {
  using V = std::vector<std::string>;
  const ExamTimes exam{at(0min), at(120min), 60, 1};
  EXPECT_EQ(fields(override_errors({at(-60min), at(240min), 3, 90}, exam)), V{});
  // Closing before the exam's own opening, opening after its own close.
  EXPECT_EQ(fields(override_errors({std::nullopt, at(-1min), std::nullopt, std::nullopt}, exam)),
            V{"closesAt"});
  EXPECT_EQ(fields(override_errors({at(120min), std::nullopt, std::nullopt, std::nullopt}, exam)),
            V{"opensAt"});
  EXPECT_EQ(fields(override_errors({std::nullopt, std::nullopt, 0, 10081}, exam)),
            (V{"timeLimitMinutes", "maxAttempts"}));
}

}  // namespace
}  // namespace classroom::exams
