#include "services/exams/app.hpp"

#include "core/membership.hpp"
#include "core/outbox/outbox.hpp"
#include "core/service/app.hpp"
#include "services/exams/attempts.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/reminders.hpp"

namespace classroom::exams {

namespace {

class ExamsApp final : public core::ServiceApp {
 public:
  ExamsApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "exams"),
        membership_(worker.io, config.api, config.membership),
        service_{config, db(), relay(), idempotency(), membership_} {
    handlers::add_all_routes(routes(), service_);
    every({.name = "closing and auto-submit", .interval = config.submit_interval},
          [this]() -> boost::asio::awaitable<void> {
            int changed = co_await close_due_exams(db());
            changed += co_await submit_overdue(db());
            if (changed > 0) {
              relay().nudge();
            }
          });
    // Apart, since it asks api: an api outage must not slow auto-submit down.
    every({.name = "opening notices", .interval = config.submit_interval},
          [this]() -> boost::asio::awaitable<void> {
            if (co_await announce_openings(db(), membership_) > 0) {
              relay().nudge();
            }
          });
  }

 private:
  core::Membership membership_;
  Service service_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<ExamsApp>(worker, config);
}

}  // namespace classroom::exams
