#include "services/api/app.hpp"

#include "core/metrics.hpp"
#include "core/outbox/outbox.hpp"
#include "core/ratelimit/limiter.hpp"
#include "core/service/app.hpp"
#include "services/api/coursework_cache.hpp"
#include "services/api/event_sync.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/publisher.hpp"
#include "services/api/reminders.hpp"

namespace classroom::api {

namespace {

core::Counter& cache_lookups(core::Metrics& metrics, const char* result) {
  return metrics.counter("api_coursework_cache_lookups_total",
                         "Coursework list requests, by whether memory held the list",
                         {{"result", result}});
}

class ApiApp final : public core::ServiceApp {
 public:
  ApiApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "api"),
        coursework_cache_(config.coursework_cache_bytes, cache_lookups(metrics(), "hit"),
                          cache_lookups(metrics(), "miss")),
        limiter_(redis()),
        service_{config, db(), relay(), idempotency(), coursework_cache_, limiter_},
        sync_(db()),
        publisher_(db()) {
    handlers::add_all_routes(routes(), service_);
    consume({.types = {"user.registered", "user.deactivated", "user.reactivated",
                       "exam.result_released"}},
            [this](const core::events::Event& event) { return sync_.handle(event); });
    every({.name = "scheduled publishing", .interval = config.publish_interval},
          [this]() -> boost::asio::awaitable<void> { co_await publisher_.publish_due(); });
    every({.name = "due-date reminders", .interval = config.reminder_interval},
          [this]() -> boost::asio::awaitable<void> {
            if (co_await remind_due(db()) > 0) {
              relay().nudge();
            }
          });
  }

 private:
  CourseworkCache coursework_cache_;
  core::ratelimit::Limiter limiter_;
  Service service_;
  EventSync sync_;
  Publisher publisher_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<ApiApp>(worker, config);
}

}  // namespace classroom::api
