#include "core/time.hpp"

#include <gtest/gtest.h>

namespace classroom::core {
namespace {

TEST(Time, FormatsUtcWithZ) {
  Clock::time_point t{std::chrono::seconds(1'700'000'000) + std::chrono::milliseconds(42)};
  EXPECT_EQ(format_time(t), "2023-11-14T22:13:20Z");
  EXPECT_EQ(format_time(t, true), "2023-11-14T22:13:20.042Z");
}

TEST(Time, ParsesOffsetsToUtc) {
  auto a = parse_time("2023-11-14T23:13:20+01:00");
  auto b = parse_time("2023-11-14T22:13:20Z");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  auto c = parse_time("2023-11-14T22:13:20.5Z");
  ASSERT_TRUE(c);
  EXPECT_EQ((*c - *b).count(), 500000);
}

TEST(Time, RejectsMalformedTimes) {
  EXPECT_FALSE(parse_time("2023-11-14"));
  EXPECT_FALSE(parse_time("2023-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_time("2023-11-14T22:13:20"));
  EXPECT_FALSE(parse_time("2023-11-14T22:13:20Zjunk"));
}

}  // namespace
}  // namespace classroom::core
