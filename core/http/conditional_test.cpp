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

ErrorCode if_match_code(std::string if_match) {
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
}

TEST(IfMatch, NoHeaderOrStarAsksForNoVersion) {
  EXPECT_EQ(if_match_version(Request{}), std::nullopt);
  EXPECT_EQ(if_match_version(with_if_match("*")), std::nullopt);
}

TEST(IfMatch, TagWeNeverSentMatchesNothing) {
  for (const char* tag : {"W/\"7\"", "\"007\"", "\"+7\"", "\"-0\"", "\"abc\"", "\"\"", "7",
                          "\"1\", \"2\"", "\"9223372036854775808\""}) {
    EXPECT_EQ(if_match_code(tag), ErrorCode::kPreconditionFailed) << tag;
  }
}

template <class F>
ErrorCode code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;  // nothing thrown
}

TEST(CheckVersion, OtherVersionIsPreconditionFailedNamingTheResource) {
  check_version(with_if_match("\"3\""), 3, "course");
  check_version(Request{}, 3, "course");
  try {
    check_version(with_if_match("\"2\""), 3, "course");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kPreconditionFailed);
    EXPECT_STREQ(e.what(), "the course was changed since it was read");
  }
}

TEST(ChangedOrGone, WithoutIfMatchTheResourceIsGone) {
  EXPECT_EQ(code_of([] { changed_or_gone("topic", std::nullopt); }), ErrorCode::kNotFound);
  EXPECT_EQ(code_of([] { changed_or_gone("topic", 4); }), ErrorCode::kPreconditionFailed);
}

}  // namespace
}  // namespace classroom::core::http
