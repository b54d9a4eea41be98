// When an event comes too late for an e-mail: the inbox still gets it.
#include "services/notify/deliveries.hpp"

#include <gtest/gtest.h>

namespace classroom::notify {
namespace {

using namespace std::chrono_literals;

const auto kNow = std::chrono::system_clock::from_time_t(1795564800);  // 2026-11-25T00:00:00Z

Envelope event(std::string type, std::string occurred_at) {
  return Envelope{.id = "0193a5b0-0000-7000-8000-000000000001",
                  .type = std::move(type),
                  .occurred_at = std::move(occurred_at)};
}

TEST(TooLateForMail, AnEventOlderThanADayIsNotMailed) {
  EXPECT_FALSE(too_late_for_mail(event("submission.returned", "2026-11-24T00:00:01Z"), kNow));
  EXPECT_FALSE(too_late_for_mail(event("submission.returned", "2026-11-24T00:00:00Z"), kNow));
  EXPECT_TRUE(too_late_for_mail(event("submission.returned", "2026-11-23T23:59:59Z"), kNow));
  EXPECT_TRUE(too_late_for_mail(event("invitation.created", "2025-01-01T00:00:00Z"), kNow));
}

TEST(TooLateForMail, AReminderIsNotMailedOnceItsMomentHasPassed) {
  auto due = event("coursework.due_soon", "2026-11-24T23:00:00Z");
  due.data["dueAt"] = "2026-11-24T23:59:00Z";
  EXPECT_TRUE(too_late_for_mail(due, kNow));
  due.data["dueAt"] = "2026-11-25T01:00:00+01:00";  // the same instant as kNow
  EXPECT_TRUE(too_late_for_mail(due, kNow));
  // Written long ago but still ahead: the reminder helps.
  auto opening = event("exam.opening_soon", "2026-11-20T00:00:00Z");
  opening.data["opensAt"] = "2026-11-25T08:00:00Z";
  EXPECT_FALSE(too_late_for_mail(opening, kNow));
  opening.data["opensAt"] = "2026-11-24T08:00:00Z";
  EXPECT_TRUE(too_late_for_mail(opening, kNow));
}

TEST(TooLateForMail, AReminderWithoutItsMomentFallsBackOnItsAge) {
  EXPECT_FALSE(too_late_for_mail(event("coursework.due_soon", "2026-11-24T20:00:00Z"), kNow));
  EXPECT_TRUE(too_late_for_mail(event("exam.opening_soon", "2026-11-20T20:00:00Z"), kNow));
}

}  // namespace
}  // namespace classroom::notify
