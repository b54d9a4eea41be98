#include "services/notify/mail/mail_text.hpp"

#include <gtest/gtest.h>

namespace classroom::notify::mail {
namespace {

const core::mail::Address kAda{"ada@example.org", "Ada"};
const MailItem kGrade{"Your work was graded", "Essay 1: 18/20", "/courses/c1/coursework/w1"};

TEST(MailText, ImmediateMailHasTheTitleBodyAbsoluteLinkAndPreferences) {
  auto mail = immediate_mail(kGrade, kAda, "https://classroom.example.org");
  EXPECT_EQ(mail.subject, "Your work was graded");
  EXPECT_EQ(mail.to.email, "ada@example.org");
  EXPECT_NE(mail.body.find("Essay 1: 18/20"), std::string::npos);
  EXPECT_NE(mail.body.find("https://classroom.example.org/courses/c1/coursework/w1"),
            std::string::npos);
  EXPECT_NE(mail.body.find("https://classroom.example.org/settings/notifications"),
            std::string::npos);
}

TEST(MailText, InvitationToAnAddressWithoutAccountHasNoPreferencesToChange) {
  MailItem invitation{"You are invited to Algebra", "", "/invitations"};
  auto mail = invitation_mail(invitation, {"new@example.org", ""}, "http://127.0.0.1:8080");
  EXPECT_NE(mail.body.find("http://127.0.0.1:8080/invitations"), std::string::npos);
  EXPECT_EQ(mail.body.find("preferences"), std::string::npos);
}

TEST(MailText, DigestHasEveryItemInOrderInOneMessage) {
  MailItem posted{"New announcement in Algebra", "Bring a calculator", "/courses/c1/stream"};
  auto mail = digest_mail({kGrade, posted}, kAda, "http://localhost:8080");
  EXPECT_EQ(mail.subject, "Your Classroom digest: 2 new notifications");
  auto first = mail.body.find("Your work was graded");
  auto second = mail.body.find("New announcement in Algebra");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(mail.body.find("http://localhost:8080/courses/c1/stream"), std::string::npos);
  EXPECT_NE(mail.body.find("/settings/notifications"), std::string::npos);
}

}  // namespace
}  // namespace classroom::notify::mail
