#include "core/pg/migrations.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace classroom::core::pg {
namespace {

// One key for every service: advisory locks are per database, and each
// service owns its database. The bytes spell "classroo".
constexpr std::int64_t kMigrationLockKey = 0x636c617373726f6f;

// READ COMMITTED whatever the server's default: each statement after the
// lock must see what the instance that held the lock before has committed.
constexpr std::string_view kBegin = "BEGIN ISOLATION LEVEL READ COMMITTED";

constexpr std::string_view kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

// Released at the end of the transaction that takes it.
constexpr Query kLock{"classroom_migrations_lock", "SELECT pg_advisory_xact_lock($1)"};
constexpr Query kAppliedVersions{"classroom_migrations_applied",
                                 "SELECT version FROM schema_migrations"};
constexpr Query kIsApplied{"classroom_migrations_is_applied",
                           "SELECT 1 FROM schema_migrations WHERE version = $1"};
constexpr Query kRecord{"classroom_migrations_record",
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"};

std::vector<const Migration*> in_version_order(std::span<const Migration> migrations) {
  std::vector<const Migration*> ordered;
  ordered.reserve(migrations.size());
  for (const Migration& migration : migrations) {
    ordered.push_back(&migration);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  auto duplicate = std::adjacent_find(
      ordered.begin(), ordered.end(),
      [](const Migration* a, const Migration* b) { return a->version == b->version; });
  if (duplicate != ordered.end()) {
    throw Error(ErrorCode::kInternal,
                "two migrations have version " + std::to_string((*duplicate)->version));
  }
  return ordered;
}

// Creates the bookkeeping table if needed and reads what is applied. Taking
// the lock first keeps concurrent CREATE TABLE IF NOT EXISTS from racing.
boost::asio::awaitable<std::set<int>> applied_versions(Pool& pool) {
  Transaction transaction = co_await pool.begin(kBegin);
  co_await transaction.query(kLock, kMigrationLockKey);
  co_await transaction.execute_script(kCreateTable);
  Result rows = co_await transaction.query(kAppliedVersions);
  co_await transaction.commit();
  std::set<int> versions;
  for (int row = 0; row < rows.rows(); ++row) {
    versions.insert(rows.get<int>(row, 0));
  }
  co_return versions;
}

// Returns whether this call applied it (false: another instance did first).
boost::asio::awaitable<bool> apply(Pool& pool, const Migration& migration) {
  Transaction transaction = co_await pool.begin(kBegin);
  co_await transaction.query(kLock, kMigrationLockKey);
  Result applied = co_await transaction.query(kIsApplied, migration.version);
  if (!applied.empty()) {
    co_await transaction.rollback();
    co_return false;
  }
  try {
    co_await transaction.execute_script(migration.sql);
  } catch (const SqlError& e) {
    // Name the migration; the transaction rolls back as it is destroyed.
    throw SqlError("migration " + std::string(migration.name) + ": " + e.what(), e.sqlstate(),
                   e.constraint(), e.detail());
  }
  co_await transaction.query(kRecord, migration.version, migration.name);
  co_await transaction.commit();
  co_return true;
}

}  // namespace

boost::asio::awaitable<int> migrate(Pool& pool, std::span<const Migration> migrations) {
  std::vector<const Migration*> ordered = in_version_order(migrations);
  std::set<int> applied = co_await applied_versions(pool);
  int count = 0;
  for (const Migration* migration : ordered) {
    if (applied.contains(migration->version)) {
      continue;
    }
    if (co_await apply(pool, *migration)) {
      ++count;
    }
  }
  co_return count;
}

}  // namespace classroom::core::pg
