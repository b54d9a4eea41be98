#include "services/exams/config.hpp"

#include "core/config.hpp"

namespace classroom::exams {

Config Config::from_env() {
  namespace config = core::config;
  Config c{core::service_settings_from_env(
      8103, "postgresql://classroom@127.0.0.1:15432/classroom_exams")};
  c.api = core::http::client_settings_from_env("API", "http://127.0.0.1:8102");
  c.membership.ttl = config::get_seconds("CLASSROOM_EXAMS_MEMBERSHIP_TTL", std::chrono::seconds(5));
  c.membership.stale_if_error =
      config::get_seconds("CLASSROOM_EXAMS_MEMBERSHIP_STALE", std::chrono::seconds(3600));
  c.submit_interval = config::get_seconds("CLASSROOM_EXAMS_SUBMIT_INTERVAL", c.submit_interval);
  if (c.submit_interval.count() == 0) {
    throw std::invalid_argument("CLASSROOM_EXAMS_SUBMIT_INTERVAL must be at least 1 second");
  }
  return c;
}

}  // namespace classroom::exams
