#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace classroom::core::config {
namespace {

TEST(Config, UnsetVariableGivesTheDefault) {
  unsetenv("CLASSROOM_TEST_UNSET");
  EXPECT_EQ(get_string("CLASSROOM_TEST_UNSET", "x"), "x");
  EXPECT_EQ(get_int("CLASSROOM_TEST_UNSET", 5, 0, 10), 5);
}

TEST(Config, ReadsIntegersWithinRange) {
  setenv("CLASSROOM_TEST_INT", "7", 1);
  EXPECT_EQ(get_int("CLASSROOM_TEST_INT", 5, 0, 10), 7);
  setenv("CLASSROOM_TEST_INT", "70", 1);
  EXPECT_THROW(get_int("CLASSROOM_TEST_INT", 5, 0, 10), std::invalid_argument);
  setenv("CLASSROOM_TEST_INT", "7x", 1);
  EXPECT_THROW(get_int("CLASSROOM_TEST_INT", 5, 0, 10), std::invalid_argument);
}

TEST(Config, ReadsDurationsWithUnits) {
  setenv("CLASSROOM_TEST_DURATION", "15m", 1);
  EXPECT_EQ(get_seconds("CLASSROOM_TEST_DURATION", std::chrono::seconds(1)).count(), 900);
  setenv("CLASSROOM_TEST_DURATION", "30", 1);
  EXPECT_EQ(get_seconds("CLASSROOM_TEST_DURATION", std::chrono::seconds(1)).count(), 30);
  setenv("CLASSROOM_TEST_DURATION", "2w", 1);
  EXPECT_THROW(get_seconds("CLASSROOM_TEST_DURATION", std::chrono::seconds(1)),
               std::invalid_argument);
}

TEST(Config, ReadsBooleansStrictly) {
  setenv("CLASSROOM_TEST_BOOL", "true", 1);
  EXPECT_TRUE(get_bool("CLASSROOM_TEST_BOOL", false));
  setenv("CLASSROOM_TEST_BOOL", "nope", 1);
  EXPECT_THROW(get_bool("CLASSROOM_TEST_BOOL", false), std::invalid_argument);
}

TEST(Config, BaseUrlLosesTrailingSlashesAndMustBeHttp) {
  setenv("CLASSROOM_TEST_URL", "https://classroom.example.org//", 1);
  EXPECT_EQ(get_base_url("CLASSROOM_TEST_URL", "http://x"), "https://classroom.example.org");
  setenv("CLASSROOM_TEST_URL", "ftp://classroom.example.org", 1);
  EXPECT_THROW(get_base_url("CLASSROOM_TEST_URL", "http://x"), std::invalid_argument);
  unsetenv("CLASSROOM_TEST_URL");
  EXPECT_EQ(get_base_url("CLASSROOM_TEST_URL", "http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
}

}  // namespace
}  // namespace classroom::core::config
