#include "services/auth/email_text.hpp"

#include <gtest/gtest.h>

namespace classroom::auth {
namespace {

using std::chrono::seconds;

const core::mail::Address kAda{"ada@example.org", "Ada"};

TEST(EmailText, LinksCarryTheTokenInTheFragment) {
  EXPECT_EQ(verification_link("https://classroom.example.org", "abc_-1"),
            "https://classroom.example.org/verify-email#token=abc_-1");
  EXPECT_EQ(reset_link("http://127.0.0.1:8080", "xyz"),
            "http://127.0.0.1:8080/reset-password#token=xyz");
}

TEST(EmailText, DurationsReadAsPeopleSayThem) {
  EXPECT_EQ(duration_text(seconds(24 * 3600)), "24 hours");
  EXPECT_EQ(duration_text(seconds(3600)), "1 hour");
  EXPECT_EQ(duration_text(seconds(30 * 60)), "30 minutes");
  EXPECT_EQ(duration_text(seconds(1)), "1 second");
  EXPECT_EQ(duration_text(seconds(90)), "90 seconds");
}

// 4 December 2026, 21:33:59 UTC.
const std::chrono::system_clock::time_point kRegistered{seconds(1796420039)};

TEST(EmailText, TimesReadAsPeopleSayThem) {
  EXPECT_EQ(time_text(kRegistered), "4 December 2026 at 21:33 UTC");
  EXPECT_EQ(time_text(std::chrono::system_clock::time_point{seconds(0)}),
            "1 January 1970 at 00:00 UTC");
}

TEST(EmailText, VerificationMailNamesTheAccountAndWhenItWasCreated) {
  auto mail = verification_mail({"ada@example.org", "Ada L."}, "https://c.example/v#token=t",
                                seconds(86400), kRegistered);
  EXPECT_NE(mail.body.find("the Classroom account 'Ada L.' created on 4 December 2026 at 21:33 "
                           "UTC uses this e-mail address"),
            std::string::npos)
      << mail.body;
  EXPECT_NE(mail.body.find("If you did not create this account, ignore this e-mail and nobody "
                           "gets access"),
            std::string::npos)
      << mail.body;
}

TEST(EmailText, VerificationMailSaysWhatItIsTheLinkAndHowLongItLasts) {
  auto mail = verification_mail(kAda, "https://c.example/verify-email#token=t", seconds(86400),
                                kRegistered);
  EXPECT_EQ(mail.to.email, "ada@example.org");
  EXPECT_EQ(mail.subject, "Confirm your e-mail address for Classroom");
  EXPECT_NE(mail.body.find("Hello Ada,"), std::string::npos);
  EXPECT_NE(mail.body.find("\nhttps://c.example/verify-email#token=t\n"), std::string::npos);
  EXPECT_NE(mail.body.find("for 24 hours"), std::string::npos);
  EXPECT_NE(mail.body.find("ignore this e-mail"), std::string::npos);
}

TEST(EmailText, ResetMailSaysWhatItIsTheLinkAndHowLongItLasts) {
  auto mail =
      reset_mail({"bo@example.org", ""}, "https://c.example/reset-password#token=t", seconds(3600));
  EXPECT_EQ(mail.subject, "Reset your Classroom password");
  EXPECT_TRUE(mail.body.starts_with("Hello,\n"));
  EXPECT_NE(mail.body.find("\nhttps://c.example/reset-password#token=t\n"), std::string::npos);
  EXPECT_NE(mail.body.find("for 1 hour."), std::string::npos);
  EXPECT_NE(mail.body.find("If it was not you, ignore this e-mail"), std::string::npos);
}

}  // namespace
}  // namespace classroom::auth
