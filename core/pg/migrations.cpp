#include "core/pg/migrations.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
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

// Where a set of migrations records what it applied.
struct Ledger {
  std::string_view create;
  Query applied;
  Query is_applied;
  Query record;
};

constexpr Ledger kServiceLedger{
    R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql",
    {"classroom_migrations_applied", "SELECT version, name FROM schema_migrations"},
    {"classroom_migrations_is_applied", "SELECT 1 FROM schema_migrations WHERE version = $1"},
    {"classroom_migrations_record",
     "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"}};

constexpr Ledger kCoreLedger{
    R"sql(
CREATE TABLE IF NOT EXISTS core_schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql",
    {"classroom_core_migrations_applied", "SELECT version, name FROM core_schema_migrations"},
    {"classroom_core_migrations_is_applied",
     "SELECT 1 FROM core_schema_migrations WHERE version = $1"},
    {"classroom_core_migrations_record",
     "INSERT INTO core_schema_migrations (version, name) VALUES ($1, $2)"}};

// Released at the end of the transaction that takes it.
constexpr Query kLock{"classroom_migrations_lock", "SELECT pg_advisory_xact_lock($1)"};

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

// Creates the bookkeeping table if needed and reads what is applied, by
// version. Taking the lock first keeps concurrent CREATE TABLE IF NOT EXISTS
// from racing.
boost::asio::awaitable<std::map<int, std::string>> applied_versions(Pool& pool,
                                                                    const Ledger& ledger) {
  Transaction transaction = co_await pool.begin(kBegin);
  co_await transaction.query(kLock, kMigrationLockKey);
  co_await transaction.execute_script(ledger.create);
  Result rows = co_await transaction.query(ledger.applied);
  co_await transaction.commit();
  std::map<int, std::string> versions;
  for (int row = 0; row < rows.rows(); ++row) {
    versions.emplace(rows.get<int>(row, "version"), rows.get<std::string>(row, "name"));
  }
  co_return versions;
}

// Returns whether this call applied it (false: another instance did first).
boost::asio::awaitable<bool> apply(Pool& pool, const Ledger& ledger, const Migration& migration) {
  Transaction transaction = co_await pool.begin(kBegin);
  co_await transaction.query(kLock, kMigrationLockKey);
  Result applied = co_await transaction.query(ledger.is_applied, migration.version);
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
  co_await transaction.query(ledger.record, migration.version, migration.name);
  co_await transaction.commit();
  co_return true;
}

boost::asio::awaitable<int> migrate(Pool& pool, std::span<const Migration> migrations,
                                    const Ledger& ledger) {
  std::vector<const Migration*> ordered = in_version_order(migrations);
  std::map<int, std::string> applied = co_await applied_versions(pool, ledger);
  int count = 0;
  for (const Migration* migration : ordered) {
    auto recorded = applied.find(migration->version);
    if (recorded == applied.end()) {
      count += co_await apply(pool, ledger, *migration) ? 1 : 0;
    } else if (recorded->second != migration->name) {
      // Skipping it would leave the database without what the migration does.
      throw Error(ErrorCode::kInternal, "migration " + std::string(migration->name) +
                                            ": its version is already applied as " +
                                            recorded->second);
    }
  }
  co_return count;
}

}  // namespace

boost::asio::awaitable<int> migrate(Pool& pool, std::span<const Migration> migrations) {
  co_return co_await migrate(pool, migrations, kServiceLedger);
}

boost::asio::awaitable<int> migrate_service(Pool& pool, std::span<const Migration> migrations) {
  int applied = co_await migrate(pool, core_migrations(), kCoreLedger);
  co_return applied + co_await migrate(pool, migrations, kServiceLedger);
}

}  // namespace classroom::core::pg
