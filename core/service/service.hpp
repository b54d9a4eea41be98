#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "core/http/server.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/redis/redis.hpp"

// The bootstrap every service shares (docs/decisions.md, "The shape of a
// service"): a service's main reads its Config, then calls serve() with its
// migrations and a factory of its App (see core/service/app.hpp).
namespace classroom::core {

class Metrics;

// What every service reads the same way; a service's Config derives from it.
struct ServiceSettings {
  http::ServerSettings http;
  std::optional<pg::PoolSettings> db;  // nullopt: the service has no database
  redis::Settings redis;
};

// Reads CLASSROOM_HTTP_*, CLASSROOM_DB_URL, CLASSROOM_DB_POOL_SIZE and
// CLASSROOM_REDIS_URL (README lists them). An empty `default_db_url` means the
// service has no database: the database variables are not read.
ServiceSettings service_settings_from_env(std::uint16_t default_port,
                                          std::string_view default_db_url);

// One worker thread of a serving service, as its App sees it.
struct Worker {
  boost::asio::io_context& io;
  std::size_t index;  // 0 also runs the service's event consumer and periodic tasks
  Metrics& metrics;
};

using AppFactory = std::function<std::unique_ptr<http::App>(Worker& worker)>;

// Applies core's migrations, then `migrations`, to the service's database;
// returns how many were applied. Nothing without a database.
int migrate(const ServiceSettings& settings, std::span<const pg::Migration> migrations);

// migrate(), then serves with one App per worker thread until SIGTERM or
// SIGINT, then drains. Refuses to start (std::invalid_argument) without the
// identity key and the service credential. `drained` runs once the workers are done and before
// they are destroyed (a thread pool that posts to them is joined there).
// Returns main's exit code.
int serve(const ServiceSettings& settings, std::span<const pg::Migration> migrations,
          const AppFactory& make_app, const std::function<void()>& drained = {});

// Every route of an App built by `make_app`, one "METHOD /pattern" per line
// (`classroom-<name> routes`). Nothing is started: nothing connects.
void print_routes(const AppFactory& make_app, std::ostream& out);

// The frame of a service's main: logs as `name` at CLASSROOM_LOG_LEVEL,
// runs `body` and returns its exit code; an exception (bad configuration, a
// database that cannot be migrated) is logged plainly and exits with 1.
int run_service(std::string_view name, const std::function<int()>& body);

}  // namespace classroom::core
