#include "core/http/conditional.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

Request with_if_match(std::string value) {
  Request request;
  request.headers.emplace_back("if-match", std::move(value));
  return request;
}

ErrorCode code_of(std::string if_match) {
  try {
    if_match_version(with_if_match(std::move(if_match)));
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;
}

TEST(IfMatch, TheTagOfAVersionAsksForThatVersion) {
  EXPECT_EQ(etag(42), "\"42\"");
  EXPECT_EQ(if_match_version(with_if_match(etag(42))), 42);
  EXPECT_EQ(if_match_version(with_if_match("W/" + etag(42))), 42);
}

TEST(IfMatch, NoHeaderOrStarAsksForNoVersion) {
  EXPECT_EQ(if_match_version(Request{}), std::nullopt);
  EXPECT_EQ(if_match_version(with_if_match("*")), std::nullopt);
}

TEST(IfMatch, TagWeNeverSentMatchesNothing) {
  for (const char* tag : {"\"007\"", "\"+7\"", "\"-0\"", "\"abc\"", "\"\"", "7", "\"1\", \"2\"",
                          "\"9223372036854775808\""}) {
    EXPECT_EQ(code_of(tag), ErrorCode::kPreconditionFailed) << tag;
  }
}

}  // namespace
}  // namespace classroom::core::http
