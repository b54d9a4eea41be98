// classroom-auth: credentials, sessions and token verification.
//
//   classroom-auth                 serve (configuration from the environment; see README)
//   classroom-auth create-admin --email E --display-name N
//                                  create an administrator, or make an existing
//                                  account one; the password is read from stdin
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/pg/migrations.hpp"
#include "core/pg/pg.hpp"
#include "core/worker_pool.hpp"
#include "services/auth/admin.hpp"
#include "services/auth/app.hpp"
#include "services/auth/config.hpp"
#include "services/auth/passwords.hpp"

namespace asio = boost::asio;
using namespace classroom;

namespace {

// Runs one coroutine to completion on a private io_context (start-up work).
template <class T>
T run_once(asio::awaitable<T> (*body)(asio::io_context&, const auth::Config&),
           const auth::Config& config) {
  asio::io_context io;
  auto future = asio::co_spawn(io, body(io, config), asio::use_future);
  io.run();
  return future.get();
}

asio::awaitable<int> migrate(asio::io_context& io, const auth::Config& config) {
  core::pg::Pool db(io, config.db);
  co_return co_await core::pg::migrate_service(db, core::pg::embedded_migrations());
}

int serve(const auth::Config& config) {
  int applied = run_once(&migrate, config);
  core::log::info("migrations applied", {{"count", applied}});
  core::Metrics metrics;
  core::WorkerPool hashing(config.hash_threads, config.hash_queue);
  auth::Passwords passwords(config.passwords, hashing);
  core::http::Server server(config.http, metrics);
  server.start([&](asio::io_context& io, std::size_t worker) {
    return auth::make_app(io, worker, config, passwords, metrics);
  });
  server.run();
  // Hashes still running post their completions to the workers' io_contexts,
  // which the server owns: finish them before it is destroyed.
  hashing.join();
  return 0;
}

std::string flag(int argc, char** argv, std::string_view name) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (argv[i] == name) {
      return argv[i + 1];
    }
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    core::log::init(
        "auth", core::log::parse_level(core::config::get_string("CLASSROOM_LOG_LEVEL", "info")));
    auto config = auth::Config::from_env();
    if (argc >= 2 && std::string_view(argv[1]) == "create-admin") {
      std::string password;
      std::getline(std::cin, password);
      run_once(&migrate, config);
      return auth::create_admin(config, flag(argc, argv, "--email"),
                                flag(argc, argv, "--display-name"), password);
    }
    if (argc >= 2) {
      std::cerr << "usage: classroom-auth [create-admin --email E --display-name N < password]\n";
      return 2;
    }
    return serve(config);
  } catch (const std::exception& e) {
    // Configuration and start-up errors are fatal, and said plainly.
    core::log::error("auth failed to start", {{"error", e.what()}});
    return 1;
  }
}
