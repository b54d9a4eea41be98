#include "core/http/bearer.hpp"

#include <gtest/gtest.h>

namespace classroom::core::http {
namespace {

TEST(Bearer, TheCredentialsAreReadInAnyCaseOfTheScheme) {
  EXPECT_EQ(bearer_credentials("Bearer abc"), "abc");
  EXPECT_EQ(bearer_credentials("bearer  abc "), "abc");
  EXPECT_EQ(bearer_credentials("BEARER abc"), "abc");
  EXPECT_FALSE(bearer_credentials("Basic abc"));
  EXPECT_FALSE(bearer_credentials("Bearer "));
  EXPECT_FALSE(bearer_credentials("Bearerabc"));
}

}  // namespace
}  // namespace classroom::core::http
