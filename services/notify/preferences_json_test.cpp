#include "services/notify/preferences_json.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::notify {
namespace {

const std::string kCourse = "0193A000-0000-7000-8000-000000000001";

core::http::Request put(std::string body) {
  core::http::Request r;
  r.method = core::http::Method::kPut;
  r.headers = {{"content-type", "application/json"}};
  r.body = std::move(body);
  return r;
}

// The fields a refused body names, in order.
std::vector<std::string> refused_fields(const std::string& body, core::ErrorCode expected) {
  try {
    preferences_from_request(put(body));
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), expected) << body;
    std::vector<std::string> fields;
    for (const auto& f : e.fields()) {
      fields.push_back(f.field);
    }
    return fields;
  }
  ADD_FAILURE() << "accepted: " << body;
  return {};
}

TEST(PreferencesJson, AValidBodyIsReadWithCourseIdsInLowerCaseAndEachOnce) {
  auto p = preferences_from_request(
      put(R"({"mutedCourses":[")" + kCourse + R"(",")" + kCourse +
          R"("],"mutedTypes":["comment.posted"],"email":{"exam.closed":"DAILY"}})"));
  EXPECT_EQ(p.muted_courses, std::vector<std::string>{"0193a000-0000-7000-8000-000000000001"});
  EXPECT_EQ(p.muted_types, std::vector<std::string>{"comment.posted"});
  EXPECT_EQ(email_mode(p, "exam.closed"), EmailMode::kDaily);
  EXPECT_EQ(email_mode(p, "submission.returned"), EmailMode::kImmediate);
}

TEST(PreferencesJson, EveryInvalidFieldIsNamedInOneAnswer) {
  EXPECT_EQ(refused_fields(R"({"mutedCourses":["algebra"],"mutedTypes":["exam.closd"],)"
                           R"("email":{"nope":"OFF","exam.closed":"WEEKLY"},"muted":[]})",
                           core::ErrorCode::kInvalidArgument),
            (std::vector<std::string>{"muted", "mutedCourses[0]", "mutedTypes[0]", "email.nope",
                                      "email.exam.closed"}));
  // user.registered and user.deactivated put nothing into an inbox: nothing to mute.
  EXPECT_EQ(
      refused_fields(R"({"mutedTypes":["user.registered"]})", core::ErrorCode::kInvalidArgument),
      std::vector<std::string>{"mutedTypes[0]"});
}

TEST(PreferencesJson, MalformedBodiesAndWrongTypesAre400) {
  refused_fields("{", core::ErrorCode::kMalformed);
  refused_fields("[]", core::ErrorCode::kMalformed);
  refused_fields(R"({"mutedCourses":"x"})", core::ErrorCode::kMalformed);
  refused_fields(R"({"mutedTypes":[1]})", core::ErrorCode::kMalformed);
  refused_fields(R"({"email":{"exam.closed":true}})", core::ErrorCode::kMalformed);
}

TEST(PreferencesJson, StoredPreferencesReadBackWithTheirVersion) {
  Preferences p;
  p.version = 7;
  p.muted_types = {"exam.closed"};
  p.email["comment.posted"] = EmailMode::kOff;
  auto back = preferences_from_stored(stored_preferences(p));
  EXPECT_EQ(back.version, 7);
  EXPECT_EQ(back.muted_types, p.muted_types);
  EXPECT_EQ(back.email, p.email);
}

}  // namespace
}  // namespace classroom::notify
