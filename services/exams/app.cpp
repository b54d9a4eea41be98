#include "services/exams/app.hpp"

#include "core/service/app.hpp"
#include "services/exams/handlers/handlers.hpp"

namespace classroom::exams {

namespace {

class ExamsApp final : public core::ServiceApp {
 public:
  ExamsApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "exams"), service_{config, db(), relay(), idempotency()} {
    handlers::add_all_routes(routes(), service_);
  }

 private:
  Service service_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<ExamsApp>(worker, config);
}

}  // namespace classroom::exams
