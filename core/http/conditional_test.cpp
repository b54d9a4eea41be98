#include "core/http/conditional.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

Request with_if_match(std::string value) {
  Request request;
  request.headers = {{"if-match", std::move(value)}};
  return request;
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

TEST(IfMatch, ReadsOurQuotedVersion) {
  EXPECT_EQ(if_match_version(with_if_match("\"7\"")), 7);
  EXPECT_EQ(if_match_version(with_if_match("W/\"7\"")), 7);
  EXPECT_FALSE(if_match_version(with_if_match("*")).has_value());
  EXPECT_FALSE(if_match_version(Request{}).has_value());
  EXPECT_EQ(code_of([] { if_match_version(with_if_match("7")); }), ErrorCode::kPreconditionFailed);
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
