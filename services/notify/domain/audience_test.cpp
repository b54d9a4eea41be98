#include "services/notify/domain/audience.hpp"

#include <gtest/gtest.h>

#include <set>

#include "services/notify/domain/preferences.hpp"

namespace classroom::notify {
namespace {

const std::string kCourse = "0193a000-0000-7000-8000-000000000001";
const std::string kTeacher = "0193a000-0000-7000-8000-0000000000a1";
const std::string kOtherTeacher = "0193a000-0000-7000-8000-0000000000a2";
const std::string kStudent = "0193a000-0000-7000-8000-0000000000b1";
const std::string kOtherStudent = "0193a000-0000-7000-8000-0000000000b2";
const std::string kAdmin = "0193a000-0000-7000-8000-0000000000c1";
const std::string kThing = "0193a000-0000-7000-8000-0000000000d1";  // any resource's id
const std::string kThing2 = "0193a000-0000-7000-8000-0000000000d2";

const DisplayNames kNames = {{kTeacher, "Terry Teacher"}, {kStudent, "Sam Student"}};
// The table's invitee proved the invited address (the invitation tests below
// say what happens when not).
const VerifiedEmails kVerified = {{kStudent, "s@x.org"}};

struct Row {
  std::string type;
  std::optional<std::string> actor;
  std::map<std::string, std::string, std::less<>> data;
  std::optional<std::vector<std::string>> recipient_ids;
  // What must come out: one notice (or none when `recipients` is empty).
  std::vector<std::string> recipients;
  std::string title;
  std::string body;
  std::string link;
};

std::vector<Row> table() {
  const std::vector<std::string> everyone = {kTeacher, kOtherTeacher, kStudent, kOtherStudent};
  const std::string course_path = "/courses/" + kCourse;
  return {
      {"user.registered",
       kStudent,
       {{"userId", kStudent}, {"email", "s@x.org"}},
       {},
       {},
       "",
       "",
       ""},
      {"user.deactivated", kAdmin, {{"userId", kStudent}}, {}, {}, "", "", ""},
      {"user.email_verified",
       kStudent,
       {{"userId", kStudent}, {"email", "s@x.org"}},
       {},
       {},
       "",
       "",
       ""},
      {"user.reactivated",
       kAdmin,
       {{"userId", kStudent}},
       {},
       {kStudent},
       "Your account is active again",
       "An administrator reactivated your account: you can sign in again.",
       "/"},
      {"user.role_changed",
       kAdmin,
       {{"userId", kStudent}, {"role", "admin"}},
       {},
       {kStudent},
       "You are now an administrator",
       "An administrator gave your account the administrator role.",
       "/"},
      {"course.member_added",
       kStudent,
       {{"userId", kStudent}, {"role", "student"}, {"via", "code"}, {"courseName", "Algebra"}},
       std::vector{kTeacher, kOtherTeacher},
       {kTeacher, kOtherTeacher},
       "Sam Student joined Algebra",
       "Sam Student joined as a student, with the join code.",
       course_path + "/members"},
      {"course.member_removed",
       kTeacher,
       {{"userId", kStudent},
        {"role", "student"},
        {"reason", "removed"},
        {"courseName", "Algebra"}},
       {},
       {kStudent},
       "You were removed from Algebra",
       "Terry Teacher removed you from Algebra.",
       "/courses"},
      {"course.member_removed",
       kStudent,
       {{"userId", kStudent}, {"role", "student"}, {"reason", "left"}, {"courseName", "Algebra"}},
       {},
       {},
       "",
       "",
       ""},
      {"invitation.created",
       kTeacher,
       {{"invitationId", kThing},
        {"email", "s@x.org"},
        {"role", "student"},
        {"courseName", "Algebra"},
        {"inviteeId", kStudent}},
       {},
       {kStudent},
       "Invitation to Algebra",
       "Terry Teacher invited you to join Algebra as a student.",
       "/invitations"},
      {"announcement.posted",
       kTeacher,
       {{"announcementId", kThing},
        {"authorId", kTeacher},
        {"excerpt", "Test on Friday"},
        {"courseName", "Algebra"}},
       everyone,
       {kOtherTeacher, kStudent, kOtherStudent},
       "New announcement in Algebra",
       "Terry Teacher: Test on Friday",
       course_path + "/announcements/" + kThing},
      {"comment.posted",
       kStudent,
       {{"commentId", kThing2},
        {"courseworkId", kThing},
        {"authorId", kStudent},
        {"excerpt", "Is it due Monday?"},
        {"courseName", "Algebra"}},
       std::vector{kTeacher, kStudent},
       {kTeacher},
       "New comment in Algebra",
       "Sam Student: Is it due Monday?",
       course_path + "/coursework/" + kThing},
      {"comment.posted",
       kStudent,
       {{"commentId", kThing2},
        {"announcementId", kThing},
        {"authorId", kStudent},
        {"excerpt", "Thanks!"},
        {"courseName", "Algebra"}},
       everyone,
       {kTeacher, kOtherTeacher, kOtherStudent},
       "New comment in Algebra",
       "Sam Student: Thanks!",
       course_path + "/announcements/" + kThing},
      {"coursework.published",
       kTeacher,
       {{"courseworkId", kThing},
        {"title", "Homework 1"},
        {"workType", "ASSIGNMENT"},
        {"dueAt", "2026-11-24T20:45:00Z"},
        {"courseName", "Algebra"}},
       std::vector{kStudent, kOtherStudent},
       {kStudent, kOtherStudent},
       "New assignment: Homework 1",
       "Algebra: due 2026-11-24 20:45 UTC.",
       course_path + "/coursework/" + kThing},
      {"coursework.published",
       kTeacher,
       {{"courseworkId", kThing},
        {"title", "Reading"},
        {"workType", "MATERIAL"},
        {"courseName", "Algebra"}},
       std::vector{kStudent},
       {kStudent},
       "New material: Reading",
       "Algebra: material to read.",
       course_path + "/coursework/" + kThing},
      {"coursework.due_soon",
       std::nullopt,
       {{"courseworkId", kThing},
        {"title", "Homework 1"},
        {"dueAt", "2026-11-24T20:45:00.5+01:00"},
        {"courseName", "Algebra"}},
       std::vector{kStudent},
       {kStudent},
       "Due soon: Homework 1",
       "Homework 1 in Algebra is due 2026-11-24 19:45 UTC, and you have not turned it in yet.",
       course_path + "/coursework/" + kThing},
      {"submission.turned_in",
       kStudent,
       {{"submissionId", kThing2},
        {"courseworkId", kThing},
        {"studentId", kStudent},
        {"title", "Homework 1"},
        {"late", "true"},
        {"courseName", "Algebra"}},
       std::vector{kTeacher, kOtherTeacher},
       {kTeacher, kOtherTeacher},
       "Sam Student turned in Homework 1",
       "Algebra: turned in late.",
       course_path + "/coursework/" + kThing + "/submissions/" + kThing2},
      {"submission.returned",
       kTeacher,
       {{"submissionId", kThing2},
        {"courseworkId", kThing},
        {"studentId", kStudent},
        {"title", "Homework 1"},
        {"assignedGrade", "8.5"},
        {"maxPoints", "10"},
        {"courseName", "Algebra"}},
       {},
       {kStudent},
       "Returned: Homework 1",
       "Your work in Algebra was returned with 8.5 of 10 points.",
       course_path + "/coursework/" + kThing},
      {"submission.returned",
       kTeacher,
       {{"submissionId", kThing2},
        {"courseworkId", kThing},
        {"studentId", kStudent},
        {"title", "Essay"},
        {"courseName", "Algebra"}},
       {},
       {kStudent},
       "Returned: Essay",
       "Your work in Algebra was returned.",
       course_path + "/coursework/" + kThing},
      {"exam.published",
       kTeacher,
       {{"examId", kThing},
        {"title", "Midterm"},
        {"opensAt", "2026-11-24T09:00:00Z"},
        {"closesAt", "2026-11-24T11:00:00Z"},
        {"timeLimitMinutes", "60"}},
       std::vector{kStudent, kOtherStudent},
       {kStudent, kOtherStudent},
       "New exam: Midterm",
       "Opens 2026-11-24 09:00 UTC, closes 2026-11-24 11:00 UTC, time limit 60 minutes.",
       course_path + "/exams/" + kThing},
      {"exam.closed",
       std::nullopt,
       {{"examId", kThing}, {"title", "Midterm"}},
       std::vector{kStudent},
       {kStudent},
       "Exam closed: Midterm",
       "Midterm is closed: attempts can no longer be started or submitted.",
       course_path + "/exams/" + kThing},
      {"exam.opening_soon",
       std::nullopt,
       {{"examId", kThing}, {"title", "Midterm"}, {"opensAt", "2026-11-24T09:00:00Z"}},
       std::vector{kStudent},
       {kStudent},
       "Exam opens soon: Midterm",
       "Opens 2026-11-24 09:00 UTC.",
       course_path + "/exams/" + kThing},
      {"attempt.submitted",
       std::nullopt,
       {{"examId", kThing},
        {"title", "Midterm"},
        {"attemptId", kThing2},
        {"studentId", kStudent},
        {"number", "1"},
        {"state", "SUBMITTED"},
        {"byDeadline", "true"}},
       {},
       {kStudent},
       "Time is up: Midterm",
       "Your attempt 1 at Midterm was submitted when its time ran out. An answer waits for your "
       "teacher's grading.",
       course_path + "/exams/" + kThing},
      {"attempt.submitted",
       kStudent,
       {{"examId", kThing},
        {"title", "Midterm"},
        {"attemptId", kThing2},
        {"studentId", kStudent},
        {"number", "1"},
        {"state", "GRADED"},
        {"byDeadline", "false"}},
       {},
       {},
       "",
       "",
       ""},
      {"exam.result_released",
       kTeacher,
       {{"examId", kThing},
        {"title", "Midterm"},
        {"studentId", kStudent},
        {"points", "7.5"},
        {"maxPoints", "10"},
        {"releasedAt", "2026-11-24T12:00:00Z"}},
       {},
       {kStudent},
       "Result released: Midterm",
       "You scored 7.5 of 10 points.",
       course_path + "/exams/" + kThing},
  };
}

Envelope envelope_of(const Row& row) {
  return {kThing2, row.type, "2026-11-24T20:45:51.304Z", row.actor,
          kCourse, row.data, row.recipient_ids};
}

TEST(Audience, EveryTypeOfTheCatalogueReachesItsAudienceWithReadableText) {
  for (const auto& row : table()) {
    SCOPED_TRACE(row.type + " " + row.title);
    auto notices = audience(envelope_of(row), kNames, kVerified);
    if (row.recipients.empty()) {
      EXPECT_TRUE(notices.empty());
      continue;
    }
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0].recipients, row.recipients);
    EXPECT_EQ(notices[0].title, row.title);
    EXPECT_EQ(notices[0].body, row.body);
    EXPECT_EQ(notices[0].link, row.link);
    // Only an invitation is mailed to an address of its own (the next tests).
    EXPECT_EQ(notices[0].email.has_value(), row.type == "invitation.created");
  }
}

TEST(Audience, EveryNotifiableTypeHasARowAndEveryRowWithAnAudienceIsNotifiable) {
  std::set<std::string> heard;
  for (const auto& row : table()) {
    if (!row.recipients.empty()) {
      heard.insert(row.type);
      EXPECT_TRUE(is_notifiable(row.type)) << row.type;
    }
  }
  for (auto type : notifiable_types()) {
    EXPECT_TRUE(heard.contains(std::string(type))) << type;
  }
}

TEST(Audience, TheActorNeverNotifiesThemself) {
  for (const auto& row : table()) {
    auto e = envelope_of(row);
    e.actor_id = kStudent;
    for (const auto& notice : audience(e, kNames, kVerified)) {
      for (const auto& r : notice.recipients) {
        EXPECT_NE(r, kStudent) << row.type;
      }
    }
  }
}

TEST(Audience, AnInvitationToAnAddressWithoutAnAccountIsAnEmailOnly) {
  Envelope e{kThing2,
             "invitation.created",
             "2026-11-24T20:45:51Z",
             kTeacher,
             kCourse,
             {{"invitationId", kThing},
              {"email", "new@x.org"},
              {"role", "teacher"},
              {"courseName", "Algebra"}}};
  auto notices = audience(e, kNames);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_TRUE(notices[0].recipients.empty());
  EXPECT_EQ(notices[0].email, "new@x.org");
  EXPECT_EQ(notices[0].body, "Terry Teacher invited you to join Algebra as a teacher.");
}

Envelope invitation_to_student(std::string email) {
  return {kThing2,
          "invitation.created",
          "2026-11-24T20:45:51Z",
          kTeacher,
          kCourse,
          {{"invitationId", kThing},
           {"email", std::move(email)},
           {"role", "student"},
           {"courseName", "Algebra"},
           {"inviteeId", kStudent}}};
}

TEST(Audience, AnInvitationToAnUnverifiedAccountIsAnEmailToTheAddressOnly) {
  // Whoever registered the address may not own it: the mailbox hears of the
  // invitation, the account does not read course, role and inviter in its inbox.
  auto e = invitation_to_student("s@x.org");
  for (const auto& verified : {VerifiedEmails{}, VerifiedEmails{{kTeacher, "s@x.org"}}}) {
    auto notices = audience(e, kNames, verified);
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_TRUE(notices[0].recipients.empty());
    EXPECT_EQ(notices[0].email, "s@x.org");
  }
}

TEST(Audience, AnAccountThatProvedAnotherAddressGetsNoInboxItem) {
  auto e = invitation_to_student("s@x.org");
  for (const auto* proved : {"other@x.org", "s@x.org.evil", "not an address"}) {
    auto notices = audience(e, kNames, {{kStudent, proved}});
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_TRUE(notices[0].recipients.empty()) << proved;
    EXPECT_EQ(notices[0].email, "s@x.org");
  }
}

TEST(Audience, AnAccountThatProvedTheInvitedAddressGetsTheItemAndTheAddressTheEmail) {
  auto e = invitation_to_student("S@X.org");
  auto notices = audience(e, kNames, {{kStudent, "s@x.org"}});
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].recipients, std::vector<std::string>{kStudent});
  EXPECT_EQ(notices[0].email, "S@X.org");
}

TEST(Audience, OnlyAnInvitationNeedsItsInviteesVerifiedAddress) {
  EXPECT_EQ(people_verified(invitation_to_student("s@x.org")), std::vector<std::string>{kStudent});
  auto without_account = invitation_to_student("s@x.org");
  without_account.data.erase("inviteeId");
  EXPECT_TRUE(people_verified(without_account).empty());
  Envelope other{kThing2, "user.reactivated", "2026-11-24T20:45:51Z",
                 kAdmin,  std::nullopt,       {{"userId", kStudent}}};
  EXPECT_TRUE(people_verified(other).empty());
}

TEST(Audience, RecipientsListedTwiceGetOneItem) {
  Envelope e{kThing2,
             "exam.opening_soon",
             "2026-11-24T20:45:51Z",
             std::nullopt,
             kCourse,
             {{"examId", kThing}, {"title", "Midterm"}, {"opensAt", "2026-11-24T09:00:00Z"}},
             std::vector{kStudent, kStudent, kOtherStudent}};
  EXPECT_EQ(audience(e, kNames).at(0).recipients, (std::vector{kStudent, kOtherStudent}));
}

TEST(Audience, ARecipientIdThatIsNotAUserReachesNobodyAndTheOthersStillHear) {
  Envelope e{kThing2,
             "exam.opening_soon",
             "2026-11-24T20:45:51Z",
             std::nullopt,
             kCourse,
             {{"examId", kThing}, {"title", "Midterm"}, {"opensAt", "2026-11-24T09:00:00Z"}},
             std::vector<std::string>{"nobody", kStudent, ""}};
  EXPECT_EQ(audience(e, kNames).at(0).recipients, std::vector{kStudent});
}

TEST(Audience, UnknownPeopleAreNamedByTheirPart) {
  Envelope e{kThing2,
             "submission.turned_in",
             "2026-11-24T20:45:51Z",
             kOtherStudent,
             kCourse,
             {{"submissionId", kThing},
              {"courseworkId", kThing},
              {"studentId", kOtherStudent},
              {"title", "Homework 1"},
              {"late", "false"},
              {"courseName", "Algebra"}},
             std::vector{kTeacher}};
  auto notices = audience(e, kNames);
  EXPECT_EQ(notices.at(0).title, "A student turned in Homework 1");
  EXPECT_EQ(notices.at(0).body, "Algebra: turned in on time.");
}

TEST(Audience, UnusableDataIsInvalidNotAGuess) {
  auto bad = [](std::string type, std::map<std::string, std::string, std::less<>> data,
                std::optional<std::vector<std::string>> recipients = std::vector{kStudent},
                std::optional<std::string> course = kCourse) {
    return Envelope{kThing2,           std::move(type), "2026-11-24T20:45:51Z", kTeacher,
                    std::move(course), std::move(data), std::move(recipients)};
  };
  std::vector<Envelope> cases = {
      bad("submission.returned",
          {{"studentId", "not-a-uuid"}, {"courseworkId", kThing}, {"title", "x"}}),
      bad("announcement.posted",
          {{"announcementId", kThing}, {"authorId", kTeacher}, {"excerpt", "x"}}, std::nullopt),
      bad("exam.published", {{"examId", kThing}, {"title", "x"}}, std::vector{kStudent},
          std::nullopt),
      bad("coursework.due_soon", {{"courseworkId", kThing}, {"title", "x"}, {"dueAt", "Monday"}}),
      bad("exam.result_released", {{"examId", kThing}, {"studentId", kStudent}}),
  };
  for (const auto& e : cases) {
    EXPECT_THROW(audience(e, kNames), InvalidEvent) << e.type;
  }
}

TEST(Audience, NamesAreAskedForTheActorAndThePeopleTheDataNames) {
  Envelope e{kThing2,
             "submission.turned_in",
             "2026-11-24T20:45:51Z",
             kStudent,
             kCourse,
             {{"studentId", kStudent}, {"authorId", kTeacher}}};
  EXPECT_EQ(people_named(e), (std::vector{kStudent, kTeacher}));
}

}  // namespace
}  // namespace classroom::notify
