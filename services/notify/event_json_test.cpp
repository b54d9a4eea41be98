#include "services/notify/event_json.hpp"

#include <gtest/gtest.h>

#include "core/text.hpp"

namespace classroom::notify {
namespace {

const std::string kEvent = "0193A000-0000-7000-8000-0000000000D2";
const std::string kCourse = "0193A000-0000-7000-8000-000000000001";
const std::string kTeacher = "0193A000-0000-7000-8000-0000000000A1";
const std::string kStudent = "0193A000-0000-7000-8000-0000000000B1";

std::string lower(std::string_view text) { return core::ascii_lower(text); }

std::string envelope(const std::string& recipients) {
  return R"({"id":")" + kEvent + R"(","type":"announcement.posted",)" +
         R"("occurredAt":"2026-11-24T20:45:51Z","actorId":")" + kTeacher + R"(","courseId":")" +
         kCourse + R"(","data":{"announcementId":")" + kEvent + R"(","authorId":")" + kTeacher +
         R"(","excerpt":"Test ON Friday","courseName":"Algebra","recipientIds":)" + recipients +
         "}}";
}

TEST(EventJson, IdsAreReadInLowerCaseAndOtherTextAsWritten) {
  auto e = parse_envelope(envelope(R"([")" + kStudent + R"("])"));
  EXPECT_EQ(e.id, lower(kEvent));
  EXPECT_EQ(e.actor_id, lower(kTeacher));
  EXPECT_EQ(e.course_id, lower(kCourse));
  EXPECT_EQ(e.recipient_ids, std::vector{lower(kStudent)});
  EXPECT_EQ(e.data.at("authorId"), lower(kTeacher));
  EXPECT_EQ(e.data.at("announcementId"), lower(kEvent));
  EXPECT_EQ(e.data.at("excerpt"), "Test ON Friday");
}

TEST(EventJson, TheActorWrittenInAnotherCaseStillNeverNotifiesThemself) {
  auto e = parse_envelope(envelope(R"([")" + lower(kTeacher) + R"(",")" + kStudent + R"("])"));
  auto notices = audience(e, {});
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].recipients, std::vector{lower(kStudent)});
}

TEST(EventJson, RecipientIdsThatAreNotUsersAreLeftOutAndTheEventKept) {
  auto e = parse_envelope(envelope(R"(["nobody",7,null,")" + kStudent + R"(",""])"));
  EXPECT_EQ(e.recipient_ids, std::vector{lower(kStudent)});
}

TEST(EventJson, WhatIsNotAnEnvelopeIsInvalid) {
  const std::vector<std::string> texts = {
      "[]",
      "{",
      envelope(R"("everyone")"),
      R"({"id":"x","type":"t","occurredAt":"2026-11-24T20:45:51Z","data":{}})",
      R"({"id":")" + kEvent + R"(","type":"t","occurredAt":"Monday","data":{}})",
      R"({"id":")" + kEvent + R"(","type":"t","occurredAt":"2026-11-24T20:45:51Z"})"};
  for (const auto& text : texts) {
    EXPECT_THROW(parse_envelope(text), InvalidEvent) << text;
  }
}

}  // namespace
}  // namespace classroom::notify
