#include "core/service/service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <ostream>
#include <stdexcept>
#include <string>

#include "core/config.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"

namespace classroom::core {

namespace asio = boost::asio;

ServiceSettings service_settings_from_env(std::uint16_t default_port,
                                          std::string_view default_db_url) {
  ServiceSettings s;
  s.http = http::server_settings_from_env(default_port);
  if (!default_db_url.empty()) {
    s.db.emplace();
    s.db->url = config::get_string("CLASSROOM_DB_URL", std::string(default_db_url));
    s.db->size = static_cast<std::size_t>(config::get_int("CLASSROOM_DB_POOL_SIZE", 8, 1, 200));
  }
  s.redis.url = config::get_string("CLASSROOM_REDIS_URL", "redis://127.0.0.1:16379");
  return s;
}

namespace {

// Without them any process that reaches a service's port could act as any
// user, or as another service: a serving service refuses to start.
void require_secrets(const http::ServerSettings& settings) {
  if (settings.identity.key.empty()) {
    throw std::invalid_argument(
        "CLASSROOM_IDENTITY_KEY is not set: a service needs the identity key shared with auth "
        "(base64url of 32 random bytes; README, Keys)");
  }
  if (settings.internal_token.empty()) {
    throw std::invalid_argument(
        "CLASSROOM_INTERNAL_TOKEN is not set: a service needs the service credential shared by "
        "the services (README, Keys)");
  }
}

}  // namespace

int migrate(const ServiceSettings& settings, std::span<const pg::Migration> migrations) {
  if (!settings.db) {
    return 0;
  }
  asio::io_context io;
  auto body = [&]() -> asio::awaitable<int> {
    pg::Pool db(io, *settings.db);
    co_return co_await pg::migrate_service(db, migrations);
  };
  auto applied = asio::co_spawn(io, body(), asio::use_future);
  io.run();
  return applied.get();
}

int serve(const ServiceSettings& settings, std::span<const pg::Migration> migrations,
          const AppFactory& make_app, const std::function<void()>& drained) {
  require_secrets(settings.http);
  log::info("migrations applied", {{"count", migrate(settings, migrations)}});
  Metrics metrics;
  http::Server server(settings.http, metrics);
  server.start([&](asio::io_context& io, std::size_t index) {
    Worker worker{io, index, metrics};
    return make_app(worker);
  });
  server.run();
  if (drained) {
    drained();
  }
  return 0;
}

void print_routes(const AppFactory& make_app, std::ostream& out) {
  asio::io_context io;  // never run
  Metrics metrics;
  Worker worker{io, 0, metrics};
  for (const auto& [method, pattern] : make_app(worker)->router().routes()) {
    out << http::method_name(method) << ' ' << pattern << '\n';
  }
}

int run_service(std::string_view name, const std::function<int()>& body) {
  try {
    log::init(std::string(name),
              log::parse_level(config::get_string("CLASSROOM_LOG_LEVEL", "info")));
    return body();
  } catch (const std::exception& e) {
    log::error(std::string(name) + " failed to start", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace classroom::core
