#include "services/notify/config.hpp"

#include <stdexcept>

#include "core/config.hpp"

namespace classroom::notify {

Config Config::from_env() {
  namespace config = core::config;
  Config c{core::service_settings_from_env(8104, "")};
  c.api = core::http::client_settings_from_env("API", "http://127.0.0.1:8102");
  c.public_url = config::get_string("CLASSROOM_PUBLIC_URL", c.public_url);
  while (!c.public_url.empty() && c.public_url.back() == '/') {
    c.public_url.pop_back();
  }
  if (!c.public_url.starts_with("http://") && !c.public_url.starts_with("https://")) {
    throw std::invalid_argument("CLASSROOM_PUBLIC_URL must be an http:// or https:// URL");
  }
  auto reclaim = config::get_seconds("CLASSROOM_NOTIFY_RECLAIM_AFTER", std::chrono::seconds(30));
  if (reclaim.count() == 0) {
    throw std::invalid_argument("CLASSROOM_NOTIFY_RECLAIM_AFTER must be at least 1 second");
  }
  c.reclaim_after = reclaim;
  return c;
}

}  // namespace classroom::notify
