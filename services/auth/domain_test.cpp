#include "services/auth/domain.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "services/auth/passwords.hpp"

namespace classroom::auth {
namespace {

TEST(Password, NeedsEightCharactersCountedAsCharacters) {
  EXPECT_THROW(validate_password("1234567"), core::Error);
  EXPECT_NO_THROW(validate_password("12345678"));
  // Seven two-byte characters are 14 bytes but still too short.
  EXPECT_THROW(validate_password("ééééééé"), core::Error);
}

TEST(DisplayName, IsTrimmedAndBounded) {
  EXPECT_EQ(validate_display_name("  Ada  "), "Ada");
  EXPECT_THROW(validate_display_name("   "), core::Error);
  EXPECT_THROW(validate_display_name(std::string(101, 'a')), core::Error);
  EXPECT_THROW(validate_display_name("Ada\nLovelace"), core::Error);
}

TEST(DisplayName, RefusesDirectionControlsAndInvisibleCharacters) {
  EXPECT_THROW(validate_display_name("Ali\xE2\x80\xAE"
                                     "ce"),
               core::Error);
  EXPECT_THROW(validate_display_name("Ali\xE2\x80\x8B"
                                     "ce"),
               core::Error);
}

TEST(Tokens, CookieIsRead) {
  EXPECT_EQ(cookie_value("a=1; classroom_session=tok; b=2", "classroom_session"), "tok");
  EXPECT_FALSE(cookie_value("a=1; other_session=tok", "classroom_session"));
}

TEST(Origin, IsSchemeHostAndPortInLowerCaseWithoutTheDefaultPort) {
  EXPECT_EQ(url_origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(url_origin("HTTPS://Classroom.Example.org:443/courses/1?x=1#y"),
            "https://classroom.example.org");
  EXPECT_EQ(url_origin("http://school.example:80/"), "http://school.example");
  EXPECT_EQ(url_origin("https://school.example:8443"), "https://school.example:8443");
  EXPECT_FALSE(url_origin("null"));
  EXPECT_FALSE(url_origin("/relative/page"));
  EXPECT_FALSE(url_origin("ftp://school.example"));
  EXPECT_FALSE(url_origin("http://user@school.example"));
  EXPECT_FALSE(url_origin("http://"));
}

TEST(Origin, MustBeOneOfTheConfiguredOrigins) {
  const std::vector<std::string> allowed{"http://127.0.0.1:8080", "https://school.example"};
  EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", allowed));
  EXPECT_TRUE(origin_allowed("https://SCHOOL.example:443", allowed));
  // A Referer is a page's full URL: its origin is what counts.
  EXPECT_TRUE(origin_allowed("https://school.example/courses/1?tab=work", allowed));
  EXPECT_FALSE(origin_allowed("https://evil.example", allowed));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:8081", allowed));
  EXPECT_FALSE(origin_allowed("https://127.0.0.1:8080", allowed));
  EXPECT_FALSE(origin_allowed("https://school.example.evil.example", allowed));
  EXPECT_FALSE(origin_allowed("null", allowed));
  EXPECT_FALSE(origin_allowed("", allowed));
}

TEST(Passwords, HashVerifiesOnlyTheSamePassword) {
  PasswordParams fast{1, 8u << 20};
  std::string hash = hash_password("correct horse", fast);
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(hash, "correct horse"));
  EXPECT_FALSE(verify_password(hash, "correct horsf"));
  EXPECT_NE(hash, hash_password("correct horse", fast)) << "salted";
}

}  // namespace
}  // namespace classroom::auth
