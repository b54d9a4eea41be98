// classroom-auth: credentials, sessions and token verification.
//
//   classroom-auth                 serve (configuration from the environment; see README)
//   classroom-auth create-admin --email E --display-name N
//                                  create an administrator, or make an existing
//                                  account one; the password is read from stdin
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "core/mail/smtp.hpp"
#include "core/service/service.hpp"
#include "core/worker_pool.hpp"
#include "services/auth/admin.hpp"
#include "services/auth/app.hpp"
#include "services/auth/config.hpp"
#include "services/auth/passwords.hpp"

using namespace classroom;

namespace {

std::string flag(int argc, char** argv, std::string_view name) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (argv[i] == name) {
      return argv[i + 1];
    }
  }
  return {};
}

int serve(const auth::Config& config) {
  core::WorkerPool hashing(config.hash_threads, config.hash_queue);
  auth::Passwords passwords(config.passwords, hashing);
  std::optional<core::mail::Client> smtp(std::in_place, config.smtp);
  auto make_app = [&](core::Worker& worker) {
    return auth::make_app(worker, config, passwords, *smtp);
  };
  // Hashes and e-mails still under way post their completions to the
  // workers' io_contexts: finish them before the workers are destroyed.
  return core::serve(config, core::pg::embedded_migrations(), make_app, [&] {
    hashing.join();
    smtp.reset();
  });
}

}  // namespace

int main(int argc, char** argv) {
  return core::run_service("auth", [&] {
    auto config = auth::Config::from_env();
    if (argc >= 2 && std::string_view(argv[1]) == "create-admin") {
      std::string password;
      std::getline(std::cin, password);
      core::migrate(config, core::pg::embedded_migrations());
      return auth::create_admin(config, flag(argc, argv, "--email"),
                                flag(argc, argv, "--display-name"), password);
    }
    if (argc >= 2) {
      std::cerr << "usage: classroom-auth [create-admin --email E --display-name N < password]\n";
      return 2;
    }
    return serve(config);
  });
}
