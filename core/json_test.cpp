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
  auto post = decode<Post>(R"({"displayName":"Ada","maxPoints":10,"links":[{"url":"https://x"}]})");
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

// Fields of a 422, in order: `field message`.
std::vector<std::string> problems_of(std::string_view text) {
  try {
    decode<Post>(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    std::vector<std::string> out;
    for (const auto& f : e.fields()) {
      out.push_back(f.field + " " + f.message);
    }
    return out;
  }
  ADD_FAILURE() << "decoded " << text;
  return {};
}

TEST(Json, MisspeltFieldIs422NamingIt) {
  // A misspelt field would otherwise change nothing and be answered 200.
  EXPECT_EQ(problems_of(R"({"displayName":"A","maxPoints":1,"links":[],"maxPoint":2})"),
            std::vector<std::string>{"maxPoint is not a field of this request"});
}

TEST(Json, EveryUnknownFieldIsNamed) {
  EXPECT_EQ(problems_of(R"({"displayName":"A","maxPoints":1,"links":[],"a":1,"b":null})"),
            (std::vector<std::string>{"a is not a field of this request",
                                      "b is not a field of this request"}));
}

TEST(Json, UnknownNestedFieldsAreNamedByTheirPath) {
  EXPECT_EQ(problems_of(R"({"displayName":"A","maxPoints":1,"links":[
              {"url":"https://x","tittle":"t"},{"url":"https://y"},{"tittle":"u"}]})"),
            (std::vector<std::string>{"links[0].tittle is not a field of this request",
                                      "links[2].url is required",
                                      "links[2].tittle is not a field of this request"}));
}

TEST(Json, MissingAndUnknownFieldsAreOne422) {
  try {
    decode<Post>(R"({"displayName":"A","links":[],"maxPoint":1})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(e.what(), "missing: maxPoints; unknown: maxPoint");
    EXPECT_EQ(e.fields().size(), 2u);
  }
}

TEST(Json, DecodeObjectReadsAnObjectAlreadyParsed) {
  auto object = parse_object(R"({"url":"https://x","title":null})");
  auto link = decode_object<Link>(object);
  EXPECT_EQ(link.url, "https://x");
  EXPECT_FALSE(link.title.has_value());
  object["titel"] = "t";
  EXPECT_THROW(decode_object<Link>(object), Error);
}

TEST(PatchText, TellsAbsentFromClearedFromSet) {
  auto body = parse_object(R"({"room":null,"section":"  ","name":" Physics "})");
  EXPECT_FALSE(patch_text(body, "description", 10, TextKind::kText).has_value());
  using Patch = std::optional<std::optional<std::string>>;
  EXPECT_EQ(patch_text(body, "room", 10, TextKind::kName), Patch(std::optional<std::string>()));
  EXPECT_EQ(patch_text(body, "section", 10, TextKind::kName), Patch(std::optional<std::string>()));
  EXPECT_EQ(patch_text(body, "name", 10, TextKind::kName), Patch("Physics"));
  EXPECT_THROW(patch_text(parse_object(R"({"name":5})"), "name", 10, TextKind::kName), Error);
}

TEST(PatchText, HoldsTheRuleOfItsKind) {
  auto body = parse_object(R"({"name":"Two\nlines","description":"Two\nlines"})");
  EXPECT_THROW(patch_text(body, "name", 20, TextKind::kName), Error);
  EXPECT_EQ(patch_text(body, "description", 20, TextKind::kText),
            std::optional<std::optional<std::string>>("Two\nlines"));
}

struct Item {
  std::string id;
};

TEST(PageOf, ExtraItemBecomesTheNextCursor) {
  http::Request request;
  request.path = "/items";
  auto view = [](const Item& i) { return boost::json::value(i.id); };
  auto more = page_of(request, std::vector<Item>{{"c"}, {"b"}, {"a"}}, 2, view);
  EXPECT_EQ(more.body, R"({"items":["c","b"],"nextCursor":"b"})");
  auto last = page_of(request, std::vector<Item>{{"a"}}, 2, view);
  EXPECT_EQ(last.body, R"({"items":["a"],"nextCursor":null})");
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
