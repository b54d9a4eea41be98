#include "services/notify/domain/preferences.hpp"

#include <gtest/gtest.h>

namespace classroom::notify {
namespace {

TEST(Preferences, DefaultsSendWhatMustBeActedOnAtOnceAndTheRestLaterOrNever) {
  Preferences none;
  EXPECT_EQ(email_mode(none, "submission.returned"), EmailMode::kImmediate);
  EXPECT_EQ(email_mode(none, "invitation.created"), EmailMode::kImmediate);
  EXPECT_EQ(email_mode(none, "announcement.posted"), EmailMode::kDaily);
  EXPECT_EQ(email_mode(none, "exam.closed"), EmailMode::kOff);
}

TEST(Preferences, WhatTheUserSetWinsOverTheDefault) {
  Preferences p;
  p.email["submission.returned"] = EmailMode::kOff;
  p.email["exam.closed"] = EmailMode::kDaily;
  EXPECT_EQ(email_mode(p, "submission.returned"), EmailMode::kOff);
  EXPECT_EQ(email_mode(p, "exam.closed"), EmailMode::kDaily);
}

TEST(Preferences, MutingACourseOrATypeSilencesIt) {
  Preferences p;
  p.muted_courses = {"c1"};
  p.muted_types = {"comment.posted"};
  EXPECT_TRUE(mutes(p, "announcement.posted", std::string("c1")));
  EXPECT_FALSE(mutes(p, "announcement.posted", std::string("c2")));
  EXPECT_TRUE(mutes(p, "comment.posted", std::string("c2")));
  EXPECT_FALSE(mutes(p, "user.role_changed", std::nullopt));
}

TEST(Preferences, ModesReadBackByTheirNames) {
  for (auto mode : {EmailMode::kOff, EmailMode::kImmediate, EmailMode::kDaily}) {
    EXPECT_EQ(parse_email_mode(email_mode_name(mode)), mode);
  }
  EXPECT_FALSE(parse_email_mode("immediate"));
}

}  // namespace
}  // namespace classroom::notify
