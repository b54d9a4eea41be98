#include "core/ratelimit/limiter.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace classroom::core::ratelimit {
namespace {

using namespace std::chrono_literals;

TEST(RateLimit, RetryAfterRoundsUpToWholeSecondsAndIsNeverZero) {
  EXPECT_EQ(retry_after(1ms), 1s);
  EXPECT_EQ(retry_after(1000ms), 1s);
  EXPECT_EQ(retry_after(1001ms), 2s);
  EXPECT_EQ(retry_after(0ms), 1s);
}

TEST(RateLimit, ExhaustedIsATooManyRequestsErrorWithRetryAfter) {
  Error error = exhausted("too many wrong codes", 2500ms);
  EXPECT_EQ(error.code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(error.retry_after(), 3s);
  EXPECT_STREQ(error.what(), "too many wrong codes");
}

TEST(RateLimit, KeysAreHashedAndBoundedWhateverTheParts) {
  Rule rule{.name = "login"};
  Counter email(rule, {"someone@example.org", std::string(5000, 'x')});
  EXPECT_TRUE(email.redis_key().starts_with("rl:login:"));
  EXPECT_EQ(email.redis_key().size(), std::string("rl:login:").size() + 32);
  EXPECT_EQ(email.redis_key().find('@'), std::string::npos);
  EXPECT_EQ(Counter(rule, {"a", "b"}).redis_key(), Counter(rule, {"a", "b"}).redis_key());
  EXPECT_NE(Counter(rule, {"a:b", "c"}).redis_key(), Counter(rule, {"a", "b:c"}).redis_key());
  EXPECT_NE(Counter(Rule{.name = "other"}, {"a"}).redis_key(), Counter(rule, {"a"}).redis_key());
}

TEST(RateLimit, ValidateRefusesRulesThatCannotWork) {
  EXPECT_NO_THROW(validate(Rule{.name = "join", .limit = 10, .window = 900s}));
  EXPECT_NO_THROW(validate(
      Rule{.name = "pair", .limit = 5, .window = 900s, .backoff = 1s, .backoff_cap = 60s}));
  EXPECT_THROW(validate(Rule{.name = "", .limit = 1}), std::invalid_argument);
  EXPECT_THROW(validate(Rule{.name = "a:b", .limit = 1}), std::invalid_argument);
  EXPECT_THROW(validate(Rule{.name = "join", .limit = 0}), std::invalid_argument);
  EXPECT_THROW(validate(Rule{.name = "join", .limit = 1, .window = 0s}), std::invalid_argument);
  EXPECT_THROW(
      validate(Rule{.name = "pair", .limit = 5, .window = 30s, .backoff = 1s, .backoff_cap = 60s}),
      std::invalid_argument);
  EXPECT_THROW(
      validate(Rule{.name = "pair", .limit = 5, .window = 900s, .backoff = 2s, .backoff_cap = 1s}),
      std::invalid_argument);
}

}  // namespace
}  // namespace classroom::core::ratelimit
