#include "services/notify/app.hpp"

#include "core/service/app.hpp"
#include "services/notify/service.hpp"

namespace classroom::notify {

namespace {

class NotifyApp final : public core::ServiceApp {
 public:
  NotifyApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "notify"), service_{config, redis()} {}

 private:
  Service service_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<NotifyApp>(worker, config);
}

}  // namespace classroom::notify
