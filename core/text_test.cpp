#include "core/text.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>

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

TEST(RequiredName, TrimsUnicodeSpacesAtEitherEnd) {
  // NO-BREAK SPACE before, IDEOGRAPHIC SPACE after; the space inside stays.
  EXPECT_EQ(required_name("name",
                          "\xC2\xA0"
                          "Ada Lovelace\xE3\x80\x80",
                          20),
            "Ada Lovelace");
  EXPECT_EQ(invalid_message([] { required_name("name", "\xE2\x80\x83\xC2\xA0", 20); }),
            "name must not be empty");
}

TEST(RequiredName, KeepsLettersOfEveryScriptAndEmoji) {
  for (const char* name :
       {"Zo\xC3\xAB", "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0", "\xD8\xB9\xD9\x84\xD9\x8A",
        "\xE6\x9D\x8E\xE9\x9B\xB7", "Chemistry \xF0\x9F\xA7\xAA", "O'Brien-Smith"}) {
    EXPECT_EQ(required_name("name", name, 40), name);
  }
}

// Each class of character a name refuses, with one example of it.
TEST(RequiredName, RefusesEachClassNamingTheCharacter) {
  const std::pair<const char*, const char*> cases[] = {
      {"Ada\x07", "control characters (U+0007)"},
      {"Ada\x7F", "control characters (U+007F)"},
      {"Ada\xC2\x85"
       "Lovelace",
       "control characters (U+0085)"},  // C1 (NEXT LINE)
      {"Ada\nLovelace", "tabs or line breaks (U+000A)"},
      {"Ada\tLovelace", "tabs or line breaks (U+0009)"},
      {"Ada\xE2\x80\xA8"
       "Lovelace",
       "tabs or line breaks (U+2028)"},
      {"Ali\xE2\x80\xAE"
       "ce",
       "direction controls (U+202E)"},  // RIGHT-TO-LEFT OVERRIDE
      {"Ali\xE2\x80\xAA"
       "ce",
       "direction controls (U+202A)"},
      {"Ali\xE2\x81\xA6"
       "ce",
       "direction controls (U+2066)"},  // LEFT-TO-RIGHT ISOLATE
      {"Ali\xE2\x81\xA9"
       "ce",
       "direction controls (U+2069)"},
      {"Ali\xE2\x80\x8F"
       "ce",
       "direction controls (U+200F)"},  // RIGHT-TO-LEFT MARK
      {"Ali\xE2\x80\x8B"
       "ce",
       "invisible characters (U+200B)"},  // ZERO WIDTH SPACE
      {"Ali\xE2\x80\x8D"
       "ce",
       "invisible characters (U+200D)"},  // ZERO WIDTH JOINER
      {"Ali\xE2\x81\xA0"
       "ce",
       "invisible characters (U+2060)"},  // WORD JOINER
      {"Ali\xE2\x81\xA4"
       "ce",
       "invisible characters (U+2064)"},
      {"\xEF\xBB\xBF"
       "Alice",
       "invisible characters (U+FEFF)"},  // BOM
      {"Ali\xC2\xAD"
       "ce",
       "invisible characters (U+00AD)"},  // SOFT HYPHEN
      {"Ali\xE3\x85\xA4"
       "ce",
       "invisible characters (U+3164)"},  // HANGUL FILLER
      {"Ali\xEF\xB8\x8F"
       "ce",
       "invisible characters (U+FE0F)"},  // VARIATION SELECTOR-16
      {"Ali\xF3\xA0\x80\x81"
       "ce",
       "invisible characters (U+E0001)"},  // LANGUAGE TAG
      {"Ali\xEF\xBF\xBF"
       "ce",
       "noncharacters (U+FFFF)"},
  };
  for (const auto& [name, fault] : cases) {
    EXPECT_EQ(invalid_message([&] { required_name("name", name, 40); }),
              std::string("name must not contain ") + fault);
  }
}

TEST(RequiredName, RefusesWhatIsNotUtf8) {
  for (const char* bytes : {"Ada\xFF", "Ada\x80", "Ada\xC3",
                            "\xC0\xAF"
                            "Ada",
                            "Ada\xED\xA0\x80" /* a lone surrogate, U+D800 */,
                            "Ada\xF4\x90\x80\x80" /* beyond U+10FFFF */}) {
    EXPECT_EQ(invalid_message([&] { required_name("name", bytes, 40); }),
              "name must be valid UTF-8");
  }
}

TEST(RequiredText, KeepsLineBreaksTabsAndEmojiSequences) {
  // A teacher emoji (ZWJ sequence), a heart with its variation selector, and
  // a Persian word spelled with ZWNJ.
  std::string text =
      "Week 1:\n\t- read \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8F\xAB\r\n"
      "\xE2\x9D\xA4\xEF\xB8\x8F \xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x85";
  EXPECT_EQ(required_text("description", text, 200), text);
}

TEST(RequiredText, StillRefusesControlsDirectionAndInvisibleCharacters) {
  EXPECT_EQ(invalid_message([] { required_text("text", "a\x1B[31mred", 40); }),
            "text must not contain control characters (U+001B)");
  EXPECT_EQ(invalid_message([] {
              required_text("text",
                            "a\xE2\x80\xAE"
                            "b",
                            40);
            }),
            "text must not contain direction controls (U+202E)");
  EXPECT_EQ(invalid_message([] {
              required_text("text",
                            "a\xE2\x80\x8B"
                            "b",
                            40);
            }),
            "text must not contain invisible characters (U+200B)");
  EXPECT_EQ(invalid_message([] { required_text("text", "a\xED\xBF\xBF", 40); }),
            "text must be valid UTF-8");
}

TEST(OptionalName, BlankIsNullAndTheRuleHolds) {
  EXPECT_FALSE(optional_name("room", std::string("\xC2\xA0 "), 5).has_value());
  EXPECT_EQ(invalid_message([] {
              optional_name("room",
                            std::string("B\xE2\x80\x8B"
                                        "1"),
                            5);
            }),
            "room must not contain invisible characters (U+200B)");
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
