#include "services/notify/app.hpp"

#include "core/membership.hpp"
#include "core/service/app.hpp"
#include "services/notify/deliveries.hpp"
#include "services/notify/handlers/handlers.hpp"
#include "services/notify/live/hub.hpp"
#include "services/notify/live/routes.hpp"
#include "services/notify/service.hpp"

namespace classroom::notify {

namespace {

class NotifyApp final : public core::ServiceApp {
 public:
  NotifyApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "notify"),
        membership_(worker.io, config.api, core::TtlCacheSettings{}),
        service_{config, redis()},
        // Half a connection's send queue for a backlog leaves room for what
        // arrives live meanwhile.
        hub_(worker.io, config.redis, redis(), metrics(), config.http.max_queued_messages / 2) {
    handlers::add_all_routes(routes(), service_);
    consume({.group = "notify", .start_from = "0", .reclaim_after = config.reclaim_after},
            [this](const core::events::Event& event) {
              return handle_event(redis(), membership_, event);
            });
    live::add_live_routes(routes(), hub_, redis());
    hub_.start();
  }

  void stop() override {
    hub_.stop();
    ServiceApp::stop();
  }

 private:
  core::Membership membership_;
  Service service_;
  live::Hub hub_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<NotifyApp>(worker, config);
}

}  // namespace classroom::notify
