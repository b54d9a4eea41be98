#include "services/exams/deadlines.hpp"

#include <gtest/gtest.h>

namespace classroom::exams {
namespace {

using namespace std::chrono_literals;

constexpr core::Timestamp kNine{std::chrono::seconds(1796115600)};  // 2026-12-01T09:00:00Z
constexpr const char* kStarted = "2026-12-01T09:00:00.000Z";
constexpr const char* kHalfPast = "2026-12-01T09:30:00.000Z";
const ExamTimes kThirtyMinutes{std::nullopt, std::nullopt, 30, 1};

TEST(ExamTimesOf, ReadsTheStoredTimesAndLimits) {
  Exam e;
  e.opens_at = kStarted;
  e.time_limit_minutes = 45;
  e.max_attempts = 3;
  auto t = exam_times(e);
  EXPECT_EQ(t.opens_at, kNine);
  EXPECT_EQ(t.closes_at, std::nullopt);
  EXPECT_EQ(t.time_limit_minutes, 45);
  EXPECT_EQ(t.max_attempts, 3);
}

TEST(OverrideOf, KeepsOnlyWhatIsSet) {
  EXPECT_EQ(override_of(std::nullopt), std::nullopt);
  auto o = override_of(adjustment_store::StoredOverride{std::nullopt, kHalfPast, 2, std::nullopt});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->closes_at, kNine + 30min);
  EXPECT_EQ(o->opens_at, std::nullopt);
  EXPECT_EQ(o->max_attempts, 2);
  EXPECT_EQ(o->time_limit_minutes, std::nullopt);
}

TEST(AccommodationOf, NoneIsNoExtraTime) {
  auto none = accommodation_of(std::nullopt);
  EXPECT_EQ(none.time_multiplier, 1);
  EXPECT_EQ(none.extra_minutes, 0);
  EXPECT_FALSE(none.extend_past_close);
  auto some = accommodation_of(adjustment_store::StoredAccommodation{1.5, 10, true});
  EXPECT_EQ(some.time_multiplier, 1.5);
  EXPECT_EQ(some.extra_minutes, 10);
  EXPECT_TRUE(some.extend_past_close);
}

TEST(MovedDeadline, AnAccommodationSetDuringTheAttemptLengthensIt) {
  EXPECT_EQ(moved_deadline(kStarted, kHalfPast, kThirtyMinutes, {1.5, 10, false}), kNine + 55min);
}

TEST(MovedDeadline, RemovingTimeNeverEndsAnAttemptSooner) {
  EXPECT_EQ(moved_deadline(kStarted, "2026-12-01T09:55:00.000Z", kThirtyMinutes, {}), std::nullopt);
  const ExamTimes closing_early{std::nullopt, kNine + 10min, 30, 1};
  EXPECT_EQ(moved_deadline(kStarted, kHalfPast, closing_early, {}), std::nullopt);
}

TEST(MovedDeadline, AMovedCloseLengthensAnAttemptCutShortByIt) {
  const ExamTimes later_close{std::nullopt, kNine + 2h, std::nullopt, 1};
  EXPECT_EQ(moved_deadline(kStarted, kHalfPast, later_close, {}), kNine + 2h);
}

TEST(MovedDeadline, MillisecondsBetweenTheDatabasesClockAndTheServicesAreNoMove) {
  EXPECT_EQ(moved_deadline("2026-12-01T09:00:00.004Z", kHalfPast, kThirtyMinutes, {}),
            std::nullopt);
}

TEST(MovedDeadline, AnAttemptWithoutDeadlineKeepsNone) {
  EXPECT_EQ(moved_deadline(kStarted, std::nullopt, kThirtyMinutes, {2, 0, false}), std::nullopt);
}

}  // namespace
}  // namespace classroom::exams
