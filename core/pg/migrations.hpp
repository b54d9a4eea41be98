#pragma once

#include <boost/asio/awaitable.hpp>
#include <span>
#include <string_view>

#include "core/pg/pg.hpp"

namespace classroom::core::pg {

// One numbered schema change: `0003_add_grades.sql` is {3, "0003_add_grades", <its text>}.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The migrations compiled into the running binary. Defined by the code that
// cmake/migrations.cmake generates for a service, never by core.
std::span<const Migration> embedded_migrations();

// Applies, in version order, every migration not applied yet: each exactly
// once, in its own transaction together with its row in `schema_migrations`,
// under a PostgreSQL advisory lock so that instances starting at the same
// time apply each migration once between them. Returns how many this call
// applied. A failing migration is rolled back and thrown as SqlError.
//
// A migration's SQL runs inside that transaction: it must not BEGIN or
// COMMIT itself, nor use what cannot run in a transaction (CREATE INDEX
// CONCURRENTLY).
boost::asio::awaitable<int> migrate(Pool& pool, std::span<const Migration> migrations);

}  // namespace classroom::core::pg
