#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "core/pg/pg.hpp"

namespace classroom::core::pg {
namespace {

TEST(PgParams, TextValuesBindAsTheyAre) {
  std::string owned = "owned";
  EXPECT_EQ(params(owned, std::string_view("view"), "literal", std::string("moved")),
            (std::vector<Param>{"owned", "view", "literal", "moved"}));
}

TEST(PgParams, BooleansBindAsSqlLiterals) {
  EXPECT_EQ(params(true, false), (std::vector<Param>{"true", "false"}));
}

TEST(PgParams, IntegersOfEveryWidthBindInDecimal) {
  EXPECT_EQ(params(std::int16_t{-7}, 42, 42u, std::numeric_limits<std::int64_t>::min(),
                   std::numeric_limits<std::uint64_t>::max()),
            (std::vector<Param>{"-7", "42", "42", "-9223372036854775808", "18446744073709551615"}));
}

TEST(PgParams, DoublesBindAsTheShortestExactText) {
  EXPECT_EQ(params(0.1, -2.5, 1e300), (std::vector<Param>{"0.1", "-2.5", "1e+300"}));
  std::vector<Param> special = params(std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity(), std::nan(""));
  EXPECT_EQ(special, (std::vector<Param>{"inf", "-inf", "nan"}));
}

TEST(PgParams, EmptyOptionalsAndNulloptBindAsNull) {
  std::optional<int> none;
  std::optional<std::string> name = "ada";
  const char* no_text = nullptr;
  EXPECT_EQ(params(none, name, std::nullopt, no_text),
            (std::vector<Param>{std::nullopt, "ada", std::nullopt, std::nullopt}));
}

TEST(PgParams, BindKeepsTheQueryAndItsParameters) {
  static constexpr Query kFind{"find", "SELECT $1::int"};
  Statement statement = bind(kFind, 5);
  EXPECT_EQ(statement.query, &kFind);
  EXPECT_EQ(statement.params, (std::vector<Param>{"5"}));
}

TEST(PgSqlError, NamesTheKindOfConflict) {
  EXPECT_TRUE(SqlError("x", "23505", "users_email_key").is_unique_violation());
  EXPECT_EQ(SqlError("x", "23505", "users_email_key").constraint(), "users_email_key");
  EXPECT_TRUE(SqlError("x", "23503").is_foreign_key_violation());
  EXPECT_TRUE(SqlError("x", "40001").is_serialization_failure());
  EXPECT_TRUE(SqlError("x", "40P01").is_serialization_failure());
  EXPECT_FALSE(SqlError("x", "42601").is_unique_violation());
}

TEST(PgResult, EmptyResultHasNoRows) {
  Result result;
  EXPECT_TRUE(result.empty());
  EXPECT_EQ(result.affected(), 0);
  EXPECT_EQ(result.columns(), 0);
}

}  // namespace
}  // namespace classroom::core::pg
