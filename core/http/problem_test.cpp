#include "core/http/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace classroom::core::http {
namespace {

TEST(Problem, InvalidFieldsIs422WithErrors) {
  auto response =
      problem_response(invalid_field("password", "must be at least 8 characters"), "r1");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.header("Content-Type"), "application/problem+json");
  auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_int64(), 422);
  EXPECT_EQ(body.at("type").as_string(), "/problems/invalid-fields");
  EXPECT_EQ(body.at("requestId").as_string(), "r1");
  auto errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("field").as_string(), "password");
}

TEST(Problem, EveryCodeHasItsStatus) {
  const std::pair<ErrorCode, int> expected[] = {
      {ErrorCode::kMalformed, 400},
      {ErrorCode::kUnauthenticated, 401},
      {ErrorCode::kPermissionDenied, 403},
      {ErrorCode::kNotFound, 404},
      {ErrorCode::kMethodNotAllowed, 405},
      {ErrorCode::kAlreadyExists, 409},
      {ErrorCode::kFailedPrecondition, 409},
      {ErrorCode::kGone, 410},
      {ErrorCode::kPreconditionFailed, 412},
      {ErrorCode::kPayloadTooLarge, 413},
      {ErrorCode::kUnsupportedMediaType, 415},
      {ErrorCode::kInvalidArgument, 422},
      {ErrorCode::kResourceExhausted, 429},
      {ErrorCode::kInternal, 500},
      {ErrorCode::kUnavailable, 503},
  };
  for (auto [code, status] : expected) {
    EXPECT_EQ(status_of(code), status);
  }
}

TEST(Problem, RetryAfterIsAHeader) {
  auto response = problem_response(
      Error(ErrorCode::kResourceExhausted, "slow down").with_retry_after(std::chrono::seconds(42)),
      "");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.header("Retry-After"), "42");
}

TEST(Problem, InternalErrorDoesNotLeakItsText) {
  auto response = problem_response(Error(ErrorCode::kInternal, "password=hunter2 in query"), "");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
}

TEST(Problem, UnavailableNamesNoSocketPathOrAddressAndAlwaysSaysWhenToRetry) {
  const Error failures[] = {
      Error(ErrorCode::kUnavailable,
            "database unavailable: connection to server on socket "
            "\"/tmp/classroom/pg/.s.PGSQL.40123\" failed: No such file or directory")
          .with_retry_after(std::chrono::seconds(2)),
      Error(ErrorCode::kUnavailable, "redis unavailable: connect 127.0.0.1:46379: refused"),
  };
  for (const Error& failure : failures) {
    auto response = problem_response(failure, "r1");
    EXPECT_EQ(response.status, 503);
    for (std::string_view secret : {"/tmp", "PGSQL", "40123", "127.0.0.1", "46379", "redis"}) {
      EXPECT_EQ(response.body.find(secret), std::string::npos) << secret << " in " << response.body;
    }
    auto body = boost::json::parse(response.body).as_object();
    auto after = response.header("Retry-After");
    ASSERT_TRUE(after);
    EXPECT_EQ(
        body.at("detail").as_string(),
        "a service this request needs is unavailable; retry after " + std::string(*after) + " s");
    EXPECT_EQ(body.at("requestId").as_string(), "r1");
  }
  EXPECT_EQ(problem_response(failures[0], "").header("Retry-After"), "2");
}

}  // namespace
}  // namespace classroom::core::http
