// classroom-api: profiles, courses, membership, stream, coursework,
// submissions, grades, gradebook and progress.
//
//   classroom-api          serve (configuration from the environment; see README)
//   classroom-api routes   print every route, one "METHOD /pattern" per line
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>
#include <string_view>

#include "core/config.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "services/api/app.hpp"
#include "services/api/config.hpp"

namespace asio = boost::asio;
using namespace classroom;

namespace {

int migrate(const api::Config& config) {
  asio::io_context io;
  auto body = [&]() -> asio::awaitable<int> {
    core::pg::Pool db(io, config.db);
    co_return co_await core::pg::migrate_service(db, core::pg::embedded_migrations());
  };
  auto future = asio::co_spawn(io, body(), asio::use_future);
  io.run();
  return future.get();
}

int serve(const api::Config& config) {
  int applied = migrate(config);
  core::log::info("migrations applied", {{"count", applied}});
  core::Metrics metrics;
  core::http::Server server(config.http, metrics);
  server.start([&](asio::io_context& io, std::size_t worker) {
    return api::make_app(io, worker, config, metrics);
  });
  server.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    core::log::init(
        "api", core::log::parse_level(core::config::get_string("CLASSROOM_LOG_LEVEL", "info")));
    auto config = api::Config::from_env();
    if (argc == 2 && std::string_view(argv[1]) == "routes") {
      for (const auto& [method, pattern] : api::routes(config)) {
        std::cout << core::http::method_name(method) << ' ' << pattern << '\n';
      }
      return 0;
    }
    if (argc >= 2) {
      std::cerr << "usage: classroom-api [routes]\n";
      return 2;
    }
    return serve(config);
  } catch (const std::exception& e) {
    // Configuration and start-up errors are fatal, and said plainly.
    core::log::error("api failed to start", {{"error", e.what()}});
    return 1;
  }
}
