#include "core/text.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "core/errors.hpp"

namespace classroom::core {
namespace {

TEST(Email, IsTrimmedAndLowerCased) {
  EXPECT_EQ(normalize_email("  Ada.Lovelace@Example.ORG "), "ada.lovelace@example.org");
}

TEST(Email, ImplausibleAddressesAreInvalidFields) {
  for (const char* bad : {"", "ada", "@example.org", "ada@", "ada@example", "a@b@c.org",
                          "ada lovelace@example.org", "ada@example.org."}) {
    try {
      normalize_email(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kInvalidArgument);
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, "email");
    }
  }
}

TEST(Text, TrimsAndLowerCasesAscii) {
  EXPECT_EQ(trim("  a b \t\n"), "a b");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(ascii_lower("Content-Type: Application/JSON"), "content-type: application/json");
  EXPECT_EQ(ascii_lower("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");  // only ASCII changes
}

TEST(Text, CountsCharactersNotBytes) {
  EXPECT_EQ(code_points("abc"), 3u);
  EXPECT_EQ(code_points("\xC3\xA9t\xC3\xA9"), 3u);  // "été"
  EXPECT_EQ(code_points(""), 0u);
}

std::string invalid_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.fields().size(), 1u);
    return e.fields().empty() ? "" : e.fields()[0].field + " " + e.fields()[0].message;
  }
  return "accepted";
}

TEST(RequiredText, IsTrimmed) { EXPECT_EQ(required_text("name", "  Physics \n", 10), "Physics"); }

TEST(RequiredText, BlankIsRefusedNamingTheField) {
  EXPECT_EQ(invalid_message([] { required_text("name", " \t ", 10); }), "name must not be empty");
}

TEST(RequiredText, LimitCountsCharactersNotBytes) {
  EXPECT_EQ(required_text("name", "\xC3\xA9t\xC3\xA9", 3), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(invalid_message([] { required_text("name", "abcd", 3); }),
            "name must be at most 3 characters");
}

TEST(OptionalText, AbsentOrBlankIsNull) {
  EXPECT_FALSE(optional_text("room", std::nullopt, 5).has_value());
  EXPECT_FALSE(optional_text("room", std::string("  "), 5).has_value());
  EXPECT_EQ(optional_text("room", std::string(" B12 "), 5), "B12");
  EXPECT_EQ(invalid_message([] { optional_text("room", std::string("B123456"), 5); }),
            "room must be at most 5 characters");
}

TEST(Points, PrintWithoutTrailingZeros) {
  EXPECT_EQ(points_text(850), "8.5");
  EXPECT_EQ(points_text(1000), "10");
  EXPECT_EQ(points_text(1), "0.01");
  EXPECT_EQ(points_text(0), "0");
}

TEST(Csv, QuotesAndDefusesFormulas) {
  EXPECT_EQ(csv_field("Essay"), "Essay");
  EXPECT_EQ(csv_field("Essay, part 1"), "\"Essay, part 1\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("@SUM"), "'@SUM");
  EXPECT_EQ(csv_field("-2"), "'-2");
}

}  // namespace
}  // namespace classroom::core
