#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"

// What every service's stores share: database facts become core errors
// here, in one way, so that handlers never see libpq or SqlError; rows are
// read by column name.
namespace classroom::core::pg {

// What PostgreSQL may refuse a write for, meaning something a caller did.
enum class Refusal {
  kUniqueViolation,      // a unique value is taken
  kForeignKeyViolation,  // a row it refers to was deleted meanwhile
};

// Runs `write`; when PostgreSQL refuses it for `fact`, throws `error`
// instead of the SqlError that would otherwise be a 500.
boost::asio::awaitable<Result> refused_as(boost::asio::awaitable<Result> write, Refusal fact,
                                          Error error);

// Error(kNotFound, "no such <what>") when `r` has no row.
void require_row(const Result& r, std::string_view what);

// A result's values by column name, each name looked up once per result
// rather than once per row: a store's row mapper reads every name of every
// row of a list. Names are the mapper's string literals.
class Columns {
 public:
  Columns(const Result& r) : r_(r) {  // NOLINT: a Result is read by name
    known_.reserve(static_cast<std::size_t>(r.columns()));
  }

  template <class T>
  T get(int row, const char* name) const {
    return r_.get<T>(row, index(name));
  }
  bool is_null(int row, const char* name) const { return r_.is_null(row, index(name)); }

 private:
  int index(const char* name) const;

  const Result& r_;
  mutable std::vector<std::pair<const char*, int>> known_;
  mutable std::size_t next_ = 0;  // where in known_ the next read is expected
};

// Every row of `r` read by `read(columns, row)`.
template <class Read>
auto all_rows(const Result& r, Read read) {
  Columns columns(r);
  std::vector<decltype(read(columns, 0))> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(read(columns, i));
  }
  return out;
}

// A PostgreSQL array literal of uuids, for `$n::uuid[]`.
std::string uuid_array(const std::vector<std::string>& ids);
// A PostgreSQL array literal of any texts (each quoted), for `$n::text[]`.
std::string text_array(const std::vector<std::string>& texts);

}  // namespace classroom::core::pg
