#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/pg/pg.hpp"
#include "services/api/model.hpp"

// What every api store shares: database facts become core errors here, in
// one way, so that handlers never see libpq or SqlError.
namespace classroom::api::stores {

// What PostgreSQL may refuse a write for, meaning something a caller did.
enum class Refusal {
  kUniqueViolation,      // a unique value is taken
  kForeignKeyViolation,  // a row it refers to was deleted meanwhile
};

// Runs `write`; when PostgreSQL refuses it for `fact`, throws `error`
// instead of the SqlError that would otherwise be a 500.
boost::asio::awaitable<core::pg::Result> refused_as(boost::asio::awaitable<core::pg::Result> write,
                                                    Refusal fact, core::Error error);

// Error(kNotFound, "no such <what>") when `r` has no row.
void require_row(const core::pg::Result& r, std::string_view what);

// A result's values by column name, each name looked up once per result
// rather than once per row: a store's row mapper reads every name of every
// row of a list. Names are the mapper's string literals.
class Columns {
 public:
  Columns(const core::pg::Result& r) : r_(r) {  // NOLINT: a Result is read by name
    known_.reserve(static_cast<std::size_t>(r.columns()));
  }

  template <class T>
  T get(int row, const char* name) const {
    return r_.get<T>(row, index(name));
  }
  bool is_null(int row, const char* name) const { return r_.is_null(row, index(name)); }

 private:
  int index(const char* name) const;

  const core::pg::Result& r_;
  mutable std::vector<std::pair<const char*, int>> known_;
  mutable std::size_t next_ = 0;  // where in known_ the next read is expected
};

// Every row of `r` read by `read(columns, row)`.
template <class Read>
auto all_rows(const core::pg::Result& r, Read read) {
  Columns columns(r);
  std::vector<decltype(read(columns, 0))> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(read(columns, i));
  }
  return out;
}

// Links (`[{url, title}]`) as stored in a jsonb column, and back.
std::vector<Link> links(std::string_view json);
std::string links_json(const std::vector<Link>& links);

// A PostgreSQL array literal of uuids, for `$n::uuid[]`.
std::string uuid_array(const std::vector<std::string>& ids);

}  // namespace classroom::api::stores
