#include "services/api/app.hpp"

#include "core/events/consumer.hpp"
#include "core/http/idempotency.hpp"
#include "core/metrics.hpp"
#include "core/outbox/outbox.hpp"
#include "core/periodic_task.hpp"
#include "core/pg/pg.hpp"
#include "core/redis/redis.hpp"
#include "services/api/coursework_cache.hpp"
#include "services/api/event_sync.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/publisher.hpp"

namespace classroom::api {

namespace {

class ApiApp final : public core::http::App {
 public:
  ApiApp(boost::asio::io_context& io, std::size_t worker, const Config& config,
         core::Metrics& metrics)
      : db_(io, config.db),
        redis_(io, config.redis),
        // Every worker runs a relay; an advisory lock lets one work at a time.
        relay_(io, db_, redis_, core::outbox::RelaySettings{.service = "api"}, metrics),
        idempotency_(db_),
        coursework_cache_(
            config.coursework_cache_bytes,
            metrics.counter("api_coursework_cache_lookups_total",
                            "Coursework list requests, by whether memory held the list",
                            {{"result", "hit"}}),
            metrics.counter("api_coursework_cache_lookups_total",
                            "Coursework list requests, by whether memory held the list",
                            {{"result", "miss"}})),
        service_{config, db_, relay_, idempotency_, coursework_cache_},
        sync_(db_),
        publisher_(db_),
        publishing_(
            io, {.name = "scheduled publishing", .interval = config.publish_interval},
            [this]() -> boost::asio::awaitable<void> { co_await publisher_.publish_due(); }),
        purging_(io, {.name = "idempotency key purge", .interval = std::chrono::hours(1)},
                 [this]() -> boost::asio::awaitable<void> { co_await idempotency_.purge(); }) {
    handlers::add_all_routes(router_, service_);
    relay_.start();
    if (worker == 0) {
      core::events::ConsumerSettings events{.group = "api",
                                            .types = {"user.registered", "user.deactivated",
                                                      "user.reactivated", "exam.result_released"}};
      events_.emplace(
          io, config.redis, std::move(events),
          [this](const core::events::Event& event) { return sync_.handle(event); }, metrics);
      events_->start();
      publishing_.start();
      purging_.start();
    }
  }

  const core::http::Router& router() const override { return router_; }

  boost::asio::awaitable<bool> ready() override {
    co_return co_await db_.ping() && co_await redis_.ping();
  }

  void stop() override {
    relay_.stop();
    publishing_.stop();
    purging_.stop();
    if (events_) {
      events_->stop();
    }
    redis_.close();
  }

 private:
  core::pg::Pool db_;
  core::redis::Client redis_;
  core::outbox::Relay relay_;
  core::http::Idempotency idempotency_;
  CourseworkCache coursework_cache_;
  Service service_;
  EventSync sync_;
  Publisher publisher_;
  core::PeriodicTask publishing_;
  core::PeriodicTask purging_;
  std::optional<core::events::Consumer> events_;
  core::http::Router router_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(boost::asio::io_context& io, std::size_t worker,
                                          const Config& config, core::Metrics& metrics) {
  return std::make_unique<ApiApp>(io, worker, config, metrics);
}

std::vector<std::pair<core::http::Method, std::string>> routes(const Config& config) {
  // The same wiring as a worker's, never started: nothing connects.
  boost::asio::io_context io;
  core::Metrics metrics;
  core::pg::Pool db(io, config.db);
  core::redis::Client redis(io, config.redis);
  core::outbox::Relay relay(io, db, redis, core::outbox::RelaySettings{.service = "api"}, metrics);
  core::http::Idempotency idempotency(db);
  CourseworkCache coursework_cache(0, metrics.counter("hits", ""), metrics.counter("misses", ""));
  Service service{config, db, relay, idempotency, coursework_cache};
  core::http::Router router;
  handlers::add_all_routes(router, service);
  return router.routes();
}

}  // namespace classroom::api
