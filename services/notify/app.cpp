#include "services/notify/app.hpp"

#include "core/membership.hpp"
#include "core/service/app.hpp"
#include "services/notify/deliveries.hpp"
#include "services/notify/handlers/handlers.hpp"
#include "services/notify/service.hpp"

namespace classroom::notify {

namespace {

class NotifyApp final : public core::ServiceApp {
 public:
  NotifyApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "notify"),
        membership_(worker.io, config.api, core::TtlCacheSettings{}),
        service_{config, redis()} {
    handlers::add_all_routes(routes(), service_);
    consume({.group = "notify", .start_from = "0", .reclaim_after = config.reclaim_after},
            [this](const core::events::Event& event) {
              return handle_event(redis(), membership_, event);
            });
  }

 private:
  core::Membership membership_;
  Service service_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<NotifyApp>(worker, config);
}

}  // namespace classroom::notify
