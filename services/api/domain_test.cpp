#include "services/api/domain.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/errors.hpp"

namespace classroom::api {
namespace {

using Action = SubmissionAction;

const char* const kStates[] = {"NEW", "CREATED", "TURNED_IN", "RETURNED", "RECLAIMED_BY_STUDENT"};

// The whole table of docs/api.md: every (state, action) pair, allowed or not.
TEST(SubmissionStateMachine, EveryTransitionIsAsDocumented) {
  struct Row {
    const char* from;
    Action action;
    const char* to;  // nullptr: refused (409)
  };
  const Row table[] = {
      {"NEW", Action::kEdit, "CREATED"},
      {"CREATED", Action::kEdit, "CREATED"},
      {"RECLAIMED_BY_STUDENT", Action::kEdit, "RECLAIMED_BY_STUDENT"},
      {"TURNED_IN", Action::kEdit, nullptr},
      {"RETURNED", Action::kEdit, nullptr},
      {"NEW", Action::kTurnIn, "TURNED_IN"},
      {"CREATED", Action::kTurnIn, "TURNED_IN"},
      {"RECLAIMED_BY_STUDENT", Action::kTurnIn, "TURNED_IN"},
      {"TURNED_IN", Action::kTurnIn, nullptr},
      {"RETURNED", Action::kTurnIn, nullptr},
      {"TURNED_IN", Action::kReclaim, "RECLAIMED_BY_STUDENT"},
      {"RETURNED", Action::kReclaim, "RECLAIMED_BY_STUDENT"},
      {"NEW", Action::kReclaim, nullptr},
      {"CREATED", Action::kReclaim, nullptr},
      {"RECLAIMED_BY_STUDENT", Action::kReclaim, nullptr},
      {"NEW", Action::kReturn, "RETURNED"},
      {"CREATED", Action::kReturn, "RETURNED"},
      {"TURNED_IN", Action::kReturn, "RETURNED"},
      {"RECLAIMED_BY_STUDENT", Action::kReturn, "RETURNED"},
      {"RETURNED", Action::kReturn, nullptr},
  };
  EXPECT_EQ(std::size(table), std::size(kStates) * 4);
  for (const Row& row : table) {
    auto next = next_state(row.from, row.action);
    if (row.to == nullptr) {
      EXPECT_FALSE(next) << row.from << " action " << static_cast<int>(row.action);
    } else {
      ASSERT_TRUE(next) << row.from << " action " << static_cast<int>(row.action);
      EXPECT_EQ(*next, row.to);
    }
  }
}

TEST(SubmissionStateMachine, UnknownStateAllowsNothing) {
  for (auto action : {Action::kEdit, Action::kTurnIn, Action::kReclaim, Action::kReturn}) {
    EXPECT_FALSE(next_state("DRAFT", action));
  }
}

TEST(SubmissionStateMachine, ReturnedAndTurnedInCountAsTurnedIn) {
  EXPECT_TRUE(is_turned_in("TURNED_IN"));
  EXPECT_TRUE(is_turned_in("RETURNED"));
  EXPECT_FALSE(is_turned_in("RECLAIMED_BY_STUDENT"));
  EXPECT_FALSE(is_turned_in("NEW"));
}

TEST(JoinCode, IsSevenUnambiguousCharacters) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto code = new_join_code();
    ASSERT_EQ(code.size(), kJoinCodeLength);
    for (char c : code) {
      EXPECT_NE(kJoinCodeAlphabet.find(c), std::string_view::npos) << code;
    }
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 990u);  // 28^7 codes: a repeat in 1000 draws is very unlikely
  for (char c : std::string_view("01ILOUAEI")) {
    EXPECT_EQ(kJoinCodeAlphabet.find(c), std::string_view::npos) << c;
  }
}

TEST(JoinCode, IsMatchedCaseInsensitively) {
  EXPECT_EQ(normalize_join_code("bcd2345"), "BCD2345");
  EXPECT_FALSE(normalize_join_code("BCD234"));
  EXPECT_FALSE(normalize_join_code("BCD234O"));
  EXPECT_FALSE(normalize_join_code("BCD 345"));
}

TEST(Points, AcceptTwoDecimalsAtMost) {
  EXPECT_EQ(to_hundredths(8.5), 850);
  EXPECT_EQ(to_hundredths(0.1), 10);
  EXPECT_EQ(to_hundredths(99.99), 9999);
  EXPECT_EQ(to_hundredths(0), 0);
  EXPECT_FALSE(to_hundredths(1.234));
  EXPECT_FALSE(to_hundredths(5000.123));  // large values get no looser
  EXPECT_FALSE(to_hundredths(9999.999));
  EXPECT_EQ(to_hundredths(9999.99), 999999);
  EXPECT_FALSE(to_hundredths(-1));
  EXPECT_FALSE(to_hundredths(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(to_hundredths(std::numeric_limits<double>::quiet_NaN()));
}

TEST(Percentage, IsRoundedHalfUpToTwoDecimals) {
  EXPECT_EQ(percentage(850, 1000), 85.0);
  EXPECT_EQ(percentage(200, 300), 66.67);
  EXPECT_EQ(percentage(100, 300), 33.33);
  EXPECT_EQ(percentage(1, 8), 12.5);
  EXPECT_FALSE(percentage(0, 0));
}

TEST(WebUrl, OnlyAbsoluteHttpWithAHost) {
  EXPECT_TRUE(is_web_url("https://example.org/a?b#c"));
  EXPECT_TRUE(is_web_url("http://example.org"));
  EXPECT_FALSE(is_web_url("javascript:alert(1)"));
  EXPECT_FALSE(is_web_url("https://"));
  EXPECT_FALSE(is_web_url("https:///path"));
  EXPECT_FALSE(is_web_url("ftp://example.org"));
  EXPECT_FALSE(is_web_url("https://exa mple.org"));
}

TEST(UtcTime, IsNormalisedToUtcWithMilliseconds) {
  EXPECT_EQ(utc_time("2026-12-01T10:00:00+01:00"), "2026-12-01T09:00:00.000Z");
}

TEST(UtcTime, YearsACourseCannotMeanAreRefused) {
  EXPECT_FALSE(utc_time("1969-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(utc_time("2200-01-01T00:00:00Z").has_value());
  EXPECT_TRUE(utc_time("2199-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(utc_time("tomorrow").has_value());
  EXPECT_THROW(time_field("dueAt", "tomorrow"), core::Error);
}

TEST(NameFromEmail, IsTheLocalPartUntilTheUserChoosesOne) {
  EXPECT_EQ(name_from_email("ada@example.org"), "ada");
  EXPECT_EQ(name_from_email("@example.org"), "user");
}

TEST(Excerpt, ShortTextIsKeptWhole) { EXPECT_EQ(excerpt("Lab on Friday"), "Lab on Friday"); }

TEST(Excerpt, LongTextIsCutBetweenCharactersWithAnEllipsis) {
  std::string text(199, 'a');
  text += "\xC3\xA9\xC3\xA9";  // "éé": the 200th byte falls inside the first
  EXPECT_EQ(excerpt(text), std::string(199, 'a') + "…");
  EXPECT_EQ(excerpt(std::string(300, 'b')), std::string(200, 'b') + "…");
}

TEST(Invitations, TheInvitedAddressIsComparedNormalised) {
  EXPECT_TRUE(is_invited_address("new.teacher@school.org", " New.Teacher@School.org "));
  EXPECT_FALSE(is_invited_address("new.teacher@school.org", "new.teacher@school.org.evil"));
  EXPECT_FALSE(is_invited_address("new.teacher@school.org", ""));
  // What is not an address is nobody's invitation, not even its own kind's.
  EXPECT_FALSE(is_invited_address("", ""));
  EXPECT_FALSE(is_invited_address("not an address", "NOT AN ADDRESS"));
}

}  // namespace
}  // namespace classroom::api
