#include "services/auth/app.hpp"

#include "core/events/consumer.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/redis/redis.hpp"
#include "services/auth/account_sync.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace classroom::auth {

namespace {

class AuthApp final : public core::http::App {
 public:
  AuthApp(boost::asio::io_context& io, std::size_t worker, const Config& config,
          Passwords& passwords, core::Metrics& metrics)
      : db_(io, config.db),
        redis_(io, config.redis),
        users_(db_),
        sessions_(redis_, config.sessions),
        limiter_(redis_, config.login),
        // Every worker runs a relay; the advisory lock lets one work at a time,
        // just as with several instances of the service.
        relay_(io, db_, redis_, core::outbox::RelaySettings{.service = "auth"}, metrics),
        service_{config, users_, sessions_, limiter_, passwords, relay_},
        account_sync_(users_, sessions_) {
    handlers::add_all_routes(router_, service_);
    relay_.start();
    if (worker == 0) {
      core::events::ConsumerSettings events{.group = "auth",
                                            .types = {"user.deactivated", "user.role_changed"}};
      account_events_.emplace(
          io, config.redis, std::move(events),
          [this](const core::events::Event& event) { return account_sync_.handle(event); },
          metrics);
      account_events_->start();
    }
  }

  const core::http::Router& router() const override { return router_; }

  boost::asio::awaitable<bool> ready() override {
    co_return co_await db_.ping() && co_await redis_.ping();
  }

  void stop() override {
    relay_.stop();
    if (account_events_) {
      account_events_->stop();
    }
    redis_.close();
  }

 private:
  core::pg::Pool db_;
  core::redis::Client redis_;
  UserStore users_;
  SessionStore sessions_;
  LoginLimiter limiter_;
  core::outbox::Relay relay_;
  Service service_;
  AccountSync account_sync_;
  std::optional<core::events::Consumer> account_events_;
  core::http::Router router_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(boost::asio::io_context& io, std::size_t worker,
                                          const Config& config, Passwords& passwords,
                                          core::Metrics& metrics) {
  return std::make_unique<AuthApp>(io, worker, config, passwords, metrics);
}

}  // namespace classroom::auth
