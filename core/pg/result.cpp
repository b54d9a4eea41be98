#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <cstring>
#include <string>
#include <system_error>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"

namespace classroom::core::pg {
namespace {

Error bad_value(const pg_result* result, int col, std::string_view expected) {
  const char* name = PQfname(result, col);
  return Error(ErrorCode::kInternal, std::string("column ") + (name != nullptr ? name : "?") +
                                         " does not hold " + std::string(expected));
}

template <class T>
T parse_integer(const pg_result* result, int col, std::string_view text, std::string_view what) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw bad_value(result, col, what);
  }
  return value;
}

}  // namespace

Param to_param(double value) {
  std::array<char, 32> buffer;
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) {
    throw Error(ErrorCode::kInternal, "cannot format a double parameter");
  }
  // PostgreSQL reads "inf", "-inf" and "nan" as well as their long names.
  return std::string(buffer.data(), end);
}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

Result::~Result() { PQclear(result_); }

int Result::rows() const { return result_ == nullptr ? 0 : PQntuples(result_); }

int Result::columns() const { return result_ == nullptr ? 0 : PQnfields(result_); }

std::int64_t Result::affected() const {
  if (result_ == nullptr) {
    return 0;
  }
  std::string_view text = PQcmdTuples(result_);
  if (text.empty()) {
    return 0;
  }
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string_view Result::command_status() const {
  if (result_ == nullptr) {
    return {};
  }
  return PQcmdStatus(result_);
}

bool Result::is_null(int row, int col) const {
  // Out-of-range indexes are a caller's bug; libpq would only print a notice.
  if (row < 0 || row >= rows() || col < 0 || col >= columns()) {
    throw Error(ErrorCode::kInternal, "row " + std::to_string(row) + ", column " +
                                          std::to_string(col) + " is out of range");
  }
  return PQgetisnull(result_, row, col) == 1;
}

std::string_view Result::text(int row, int col) const {
  if (is_null(row, col)) {
    return {};
  }
  return {PQgetvalue(result_, row, col), static_cast<std::size_t>(PQgetlength(result_, row, col))};
}

int Result::column(std::string_view name, int hint) const {
  if (hint >= 0 && hint < columns() && name == PQfname(result_, hint)) {
    return hint;
  }
  return column(name);
}

int Result::column(std::string_view name) const {
  // Exact comparison: PQfnumber would fold unquoted names to lower case.
  for (int col = 0; col < columns(); ++col) {
    if (name == PQfname(result_, col)) {
      return col;
    }
  }
  throw Error(ErrorCode::kInternal, "the result has no column " + std::string(name));
}

std::string_view Result::non_null_text(int row, int col) const {
  if (is_null(row, col)) {
    const char* name = PQfname(result_, col);
    throw Error(ErrorCode::kInternal, std::string("column ") + (name != nullptr ? name : "?") +
                                          " is NULL; read it as std::optional");
  }
  return text(row, col);
}

std::string Result::get_string(int row, int col) const {
  return std::string(non_null_text(row, col));
}

std::int64_t Result::get_int64(int row, int col) const {
  return parse_integer<std::int64_t>(result_, col, non_null_text(row, col), "a 64-bit integer");
}

int Result::get_int(int row, int col) const {
  return parse_integer<int>(result_, col, non_null_text(row, col), "a 32-bit integer");
}

bool Result::get_bool(int row, int col) const {
  std::string_view text = non_null_text(row, col);
  if (text == "t") {
    return true;
  }
  if (text == "f") {
    return false;
  }
  throw bad_value(result_, col, "a boolean");
}

double Result::get_double(int row, int col) const {
  std::string_view text = non_null_text(row, col);
  double value = 0;
  // from_chars reads PostgreSQL's "Infinity", "-Infinity" and "NaN" too.
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw bad_value(result_, col, "a double");
  }
  return value;
}

SqlError::SqlError(std::string message, std::string sqlstate, std::string constraint,
                   std::string detail)
    : std::runtime_error(message),
      sqlstate_(std::move(sqlstate)),
      constraint_(std::move(constraint)),
      detail_(std::move(detail)) {}

}  // namespace classroom::core::pg
