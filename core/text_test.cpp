#include "core/text.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace classroom::core
