#include "core/json.hpp"

#include <gtest/gtest.h>

namespace classroom::core::json {
namespace {

struct Link {
  std::string url;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(Link, (), (url, title))

struct Post {
  std::string display_name;
  std::int64_t max_points;
  std::optional<bool> published;
  std::vector<Link> links;
};
BOOST_DESCRIBE_STRUCT(Post, (), (display_name, max_points, published, links))

struct Score {
  double points;
  std::optional<boost::json::value> detail;
};
BOOST_DESCRIBE_STRUCT(Score, (), (points, detail))

ErrorCode code_of(std::string_view text) {
  try {
    decode<Post>(text);
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;
}

TEST(Json, DecodesCamelCaseMembers) {
  auto post = decode<Post>(
      R"({"displayName":"Ada","maxPoints":10,"links":[{"url":"https://x"}],"extra":1})");
  EXPECT_EQ(post.display_name, "Ada");
  EXPECT_EQ(post.max_points, 10);
  EXPECT_FALSE(post.published.has_value());
  ASSERT_EQ(post.links.size(), 1u);
  EXPECT_EQ(post.links[0].url, "https://x");
}

TEST(Json, MalformedJsonIs400) { EXPECT_EQ(code_of("{\"displayName\":"), ErrorCode::kMalformed); }

TEST(Json, NonObjectIs400) { EXPECT_EQ(code_of("[1,2]"), ErrorCode::kMalformed); }

TEST(Json, WrongTypeNamesTheField) {
  try {
    decode<Post>(R"({"displayName":"A","maxPoints":10,"links":[{"url":5}]})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMalformed);
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "links[0].url");
  }
}

TEST(Json, MissingRequiredMembersAreOne422ListingEach) {
  try {
    decode<Post>(R"({"displayName":null})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(e.fields().size(), 3u);
    EXPECT_EQ(e.fields()[0].field, "displayName");
    EXPECT_EQ(e.fields()[1].field, "maxPoints");
    EXPECT_EQ(e.fields()[2].field, "links");
  }
}

TEST(Json, NulInAStringIsRefused) {
  // libpq sends text parameters as C strings: "a\0b" would reach PostgreSQL as "a".
  try {
    decode<Link>(R"({"url":"https://x\u0000y"})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMalformed);
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "url");
  }
}

TEST(Json, NumberBeyondTheRangeOfADoubleIs422) {
  // Read as infinity, it would be answered as `Infinity`, which is not JSON.
  EXPECT_EQ(decode<Score>(R"({"points":1.5e308})").points, 1.5e308);
  std::pair<const char*, const char*> cases[] = {
      {R"({"points":1e400})", "points"},
      {R"({"points":-1e400})", "points"},
      {R"({"points":1,"detail":{"a":[1,-1e999]}})", "detail.a[1]"},
  };
  for (auto [body, field] : cases) {
    try {
      decode<Score>(body);
      ADD_FAILURE() << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, field);
    }
  }
}

TEST(Json, MediaTypeIsCaseInsensitive) {
  http::Request request;
  request.body = R"({"url":"https://x"})";
  request.headers = {{"content-type", "Application/JSON"}};
  EXPECT_EQ(decode<Link>(request).url, "https://x");
}

TEST(Json, BodyWithoutJsonContentTypeIs415) {
  http::Request request;
  request.body = R"({"displayName":"A","maxPoints":1,"links":[]})";
  request.headers = {{"content-type", "text/plain"}};
  EXPECT_THROW(
      {
        try {
          decode<Post>(request);
        } catch (const Error& e) {
          EXPECT_EQ(e.code(), ErrorCode::kUnsupportedMediaType);
          throw;
        }
      },
      Error);
  request.headers = {{"content-type", "application/json; charset=utf-8"}};
  EXPECT_EQ(decode<Post>(request).display_name, "A");
}

}  // namespace
}  // namespace classroom::core::json
