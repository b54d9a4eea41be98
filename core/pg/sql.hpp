#pragma once

#include <algorithm>
#include <cstddef>

// SQL text composed at compile time from named pieces (a column list, a
// rule several queries share), so that each query stays one named constant
// and a shared piece is written once, without macros.
namespace classroom::core::pg {

template <std::size_t N>
struct Sql {
  static constexpr std::size_t kLength = N - 1;
  char text[N]{};

  constexpr Sql() = default;
  constexpr Sql(const char (&literal)[N]) { std::copy_n(literal, N, text); }  // NOLINT
};

// join, utc and hundredths are variable templates used as compile-time
// functions, so they are named as functions, not as constants (kName).
// NOLINTBEGIN(readability-identifier-naming)

// The pieces one after the other: `join<"SELECT ", kColumns, " FROM t">.text`.
template <Sql... parts>
inline constexpr auto join = [] {
  Sql<(decltype(parts)::kLength + ... + 1)> out;
  std::size_t at = 0;
  ((std::copy_n(parts.text, decltype(parts)::kLength, out.text + at),
    at += decltype(parts)::kLength),
   ...);
  return out;
}();

// A timestamptz column as RFC 3339 text in UTC with milliseconds, as the
// services answer times.
template <Sql column>
inline constexpr auto utc =
    join<"to_char(", column, " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')">;

// A numeric(10,2) column (points, grades) as integer hundredths: exact.
template <Sql column>
inline constexpr auto hundredths = join<"(", column, " * 100)::bigint">;

// NOLINTEND(readability-identifier-naming)

}  // namespace classroom::core::pg
