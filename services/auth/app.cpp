#include "services/auth/app.hpp"

#include "core/ratelimit/limiter.hpp"
#include "core/service/app.hpp"
#include "services/auth/account_sync.hpp"
#include "services/auth/email_tokens.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/link_mailer.hpp"

namespace classroom::auth {

namespace {

using namespace std::chrono_literals;

class AuthApp final : public core::ServiceApp {
 public:
  AuthApp(core::Worker& worker, const Config& config, Passwords& passwords,
          core::mail::Client& smtp)
      : ServiceApp(worker, config, "auth"),
        users_(db()),
        sessions_(redis(), config.sessions),
        limiter_(redis(), config.login),
        tokens_(db()),
        mailer_(worker.io, smtp, users_, tokens_, config.links),
        rate_limits_(redis()),
        service_{config,  users_,  sessions_, limiter_,    passwords,
                 relay(), tokens_, mailer_,   rate_limits_},
        account_sync_(users_, sessions_) {
    handlers::add_all_routes(routes(), service_);
    consume({.types = {"user.deactivated", "user.role_changed", "user.email_verified",
                       "user.password_reset"}},
            [this](const core::events::Event& event) { return account_sync_.handle(event); });
    every({.name = "email-token-purge", .interval = 1h, .max_backoff = 1h},
          [this] { return tokens_.purge(); });
  }

  void stop() override {
    mailer_.stop();
    ServiceApp::stop();
  }

 private:
  UserStore users_;
  SessionStore sessions_;
  LoginLimiter limiter_;
  EmailTokenStore tokens_;
  LinkMailer mailer_;
  core::ratelimit::Limiter rate_limits_;
  Service service_;
  AccountSync account_sync_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config,
                                          Passwords& passwords, core::mail::Client& smtp) {
  return std::make_unique<AuthApp>(worker, config, passwords, smtp);
}

}  // namespace classroom::auth
