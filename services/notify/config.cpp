#include "services/notify/config.hpp"

#include <stdexcept>

#include "core/config.hpp"

namespace classroom::notify {

Config Config::from_env() {
  namespace config = core::config;
  Config c{core::service_settings_from_env(8104, "")};
  c.api = core::http::client_settings_from_env("API", "http://127.0.0.1:8102");
  c.public_url = config::get_base_url("CLASSROOM_PUBLIC_URL", c.public_url);
  auto reclaim = config::get_seconds("CLASSROOM_NOTIFY_RECLAIM_AFTER", std::chrono::seconds(30));
  if (reclaim.count() == 0) {
    throw std::invalid_argument("CLASSROOM_NOTIFY_RECLAIM_AFTER must be at least 1 second");
  }
  c.reclaim_after = reclaim;
  c.smtp = core::mail::settings_from_env();
  c.digest_every = config::get_seconds("CLASSROOM_NOTIFY_DIGEST_EVERY", c.digest_every);
  c.digest_at = config::get_seconds("CLASSROOM_NOTIFY_DIGEST_AT", c.digest_at);
  if (c.digest_every.count() == 0 || c.digest_at >= c.digest_every) {
    throw std::invalid_argument(
        "CLASSROOM_NOTIFY_DIGEST_EVERY must be at least 1s and CLASSROOM_NOTIFY_DIGEST_AT "
        "shorter than it");
  }
  auto max_age = config::get_seconds("CLASSROOM_NOTIFY_LIVE_MAX_AGE", std::chrono::seconds(900));
  if (max_age.count() == 0) {
    throw std::invalid_argument("CLASSROOM_NOTIFY_LIVE_MAX_AGE must be at least 1 second");
  }
  c.live_max_age = max_age;
  return c;
}

}  // namespace classroom::notify
