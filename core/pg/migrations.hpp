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

// core's own migrations (core/migrations/): the tables core's code uses, the
// outbox, idempotency keys and processed events. Recorded in
// `core_schema_migrations`, apart from the service's, so that both number
// from 1 and neither ever sees the other's versions.
std::span<const Migration> core_migrations();

// Applies, in version order, every migration not applied yet: each exactly
// once, in its own transaction together with its row in `schema_migrations`,
// under a PostgreSQL advisory lock so that instances starting at the same
// time apply each migration once between them. Returns how many this call
// applied. A failing migration is rolled back and thrown as SqlError; a
// version recorded under another name is Error(kInternal): a number, once
// applied somewhere, is never given to another migration.
//
// A migration's SQL runs inside that transaction: it must not BEGIN or
// COMMIT itself, nor use what cannot run in a transaction (CREATE INDEX
// CONCURRENTLY).
boost::asio::awaitable<int> migrate(Pool& pool, std::span<const Migration> migrations);

// What every service runs before it serves: core_migrations(), then the
// service's own `migrations`. Returns how many were applied in all.
boost::asio::awaitable<int> migrate_service(Pool& pool, std::span<const Migration> migrations);

}  // namespace classroom::core::pg
