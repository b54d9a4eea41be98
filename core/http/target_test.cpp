#include "core/http/target.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(RequestTarget, SplitsPathAndQueryInOrder) {
  auto target = parse_target("/api/courses?limit=20&cursor=abc&limit=5");
  EXPECT_EQ(target.path, "/api/courses");
  EXPECT_EQ(target.query_params, (Params{{"limit", "20"}, {"cursor", "abc"}, {"limit", "5"}}));
}

TEST(RequestTarget, DecodesPercentEscapesInPathAndQuery) {
  auto target = parse_target("/files/a%20b?q=x%26y%3Dz&name=caf%C3%A9");
  EXPECT_EQ(target.path, "/files/a b");
  EXPECT_EQ(target.query_params, (Params{{"q", "x&y=z"}, {"name", "café"}}));
}

TEST(RequestTarget, PlusInQueryIsASpace) {
  EXPECT_EQ(parse_target("/search?q=a+b").query_params, (Params{{"q", "a b"}}));
}

TEST(RequestTarget, ParameterWithoutValueIsEmpty) {
  EXPECT_EQ(parse_target("/list?cursor&limit=").query_params,
            (Params{{"cursor", ""}, {"limit", ""}}));
}

TEST(RequestTarget, NoQueryMeansNoParameters) {
  auto target = parse_target("/healthz");
  EXPECT_EQ(target.path, "/healthz");
  EXPECT_TRUE(target.query_params.empty());
}

TEST(RequestTarget, TargetNotStartingWithSlashIsMalformed) {
  for (const char* bad : {"", "api/courses", "http://example.com/", "*", "/a b", "/%zz"}) {
    try {
      parse_target(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kMalformed) << bad;
    }
  }
}

}  // namespace
}  // namespace classroom::core::http
