#include "core/http/query.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

Request with_query(std::vector<std::pair<std::string, std::string>> params) {
  Request request;
  request.query_params = std::move(params);
  return request;
}

// The parameter a 400 names, or "accepted".
template <class F>
std::string refused_parameter(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMalformed);
    return e.fields().empty() ? "" : e.fields()[0].field;
  }
  return "accepted";
}

constexpr std::string_view kId = "0190a0a0-0000-7000-8000-000000000001";

TEST(PageRequest, DefaultsToFiftyWithoutCursor) {
  auto page = page_request(with_query({}));
  EXPECT_EQ(page.limit, 50);
  EXPECT_FALSE(page.cursor.has_value());
}

TEST(PageRequest, LimitOutsideOneToTwoHundredIsRefusedNotCut) {
  EXPECT_EQ(page_request(with_query({{"limit", "200"}})).limit, 200);
  for (const char* bad : {"0", "201", "-1", "ten", "5x", ""}) {
    EXPECT_EQ(refused_parameter([&] {
                page_request(with_query({{"limit", bad}}));
              }),
              "limit")
        << bad;
  }
}

TEST(PageRequest, IdCursorMustBeAnId) {
  EXPECT_EQ(id_page_request(with_query({{"cursor", std::string(kId)}})).cursor, kId);
  EXPECT_EQ(refused_parameter([] { id_page_request(with_query({{"cursor", "42"}})); }), "cursor");
  EXPECT_FALSE(id_page_request(with_query({{"cursor", ""}})).cursor.has_value());
}

TEST(PageRequest, UnknownOrRepeatedParametersAreRefusedNotIgnored) {
  auto filtered = with_query({{"role", "student"}, {"limit", "5"}});
  EXPECT_EQ(page_request(filtered, {"role"}).limit, 5);
  EXPECT_EQ(refused_parameter([] { page_request(with_query({{"state", "BOGUS"}})); }), "state");
  EXPECT_EQ(refused_parameter([] {
              id_page_request(with_query({{"role", "student"}, {"sate", "DRAFT"}}), {"role"});
            }),
            "sate");
  EXPECT_EQ(refused_parameter([] {
              page_request(with_query({{"role", "student"}, {"role", "BOGUS"}}), {"role"});
            }),
            "role");
}

TEST(PageRequest, TheRefusalNamesWhatTheListTakes) {
  try {
    page_request(with_query({{"state", "BOGUS"}}), {"role"});
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.fields().at(0).message,
              "is not a parameter of this list (it takes role, limit, cursor)");
  }
}

TEST(EnumQuery, AcceptsOnlyTheNamedValues) {
  auto request = with_query({{"state", "DRAFT"}});
  EXPECT_EQ(enum_query(request, "state", {"DRAFT", "PUBLISHED"}), "DRAFT");
  EXPECT_FALSE(enum_query(request, "role", {"student"}).has_value());
  EXPECT_EQ(refused_parameter([] {
              enum_query(with_query({{"state", "draft"}}), "state", {"DRAFT", "PUBLISHED"});
            }),
            "state");
}

TEST(UuidQuery, MalformedIdIsRefused) {
  EXPECT_EQ(uuid_query(with_query({{"topicId", std::string(kId)}}), "topicId"), kId);
  EXPECT_FALSE(uuid_query(with_query({{"topicId", ""}}), "topicId").has_value());
  EXPECT_EQ(refused_parameter([] {
              uuid_query(with_query({{"topicId", "x"}}), "topicId");
            }),
            "topicId");
}

}  // namespace
}  // namespace classroom::core::http
