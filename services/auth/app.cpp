#include "services/auth/app.hpp"

#include "core/service/app.hpp"
#include "services/auth/account_sync.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace classroom::auth {

namespace {

class AuthApp final : public core::ServiceApp {
 public:
  AuthApp(core::Worker& worker, const Config& config, Passwords& passwords)
      : ServiceApp(worker, config, "auth"),
        users_(db()),
        sessions_(redis(), config.sessions),
        limiter_(redis(), config.login),
        service_{config, users_, sessions_, limiter_, passwords, relay()},
        account_sync_(users_, sessions_) {
    handlers::add_all_routes(routes(), service_);
    consume({.types = {"user.deactivated", "user.role_changed"}},
            [this](const core::events::Event& event) { return account_sync_.handle(event); });
  }

 private:
  UserStore users_;
  SessionStore sessions_;
  LoginLimiter limiter_;
  Service service_;
  AccountSync account_sync_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config,
                                          Passwords& passwords) {
  return std::make_unique<AuthApp>(worker, config, passwords);
}

}  // namespace classroom::auth
