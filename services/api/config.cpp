#include "services/api/config.hpp"

#include "core/config.hpp"

namespace classroom::api {

Config Config::from_env() {
  namespace config = core::config;
  Config c{core::service_settings_from_env(8102,
                                           "postgresql://classroom@127.0.0.1:15432/classroom_api")};
  c.publish_interval = config::get_seconds("CLASSROOM_API_PUBLISH_INTERVAL", c.publish_interval);
  if (c.publish_interval.count() == 0) {
    throw std::invalid_argument("CLASSROOM_API_PUBLISH_INTERVAL must be at least 1 second");
  }
  c.reminder_interval = config::get_seconds("CLASSROOM_API_REMINDER_INTERVAL", c.reminder_interval);
  if (c.reminder_interval.count() == 0) {
    throw std::invalid_argument("CLASSROOM_API_REMINDER_INTERVAL must be at least 1 second");
  }
  c.coursework_cache_bytes =
      static_cast<std::size_t>(config::get_int("CLASSROOM_API_COURSEWORK_CACHE_MB", 32, 1, 65536))
      << 20;
  c.join_per_account.limit =
      config::get_int("CLASSROOM_API_JOIN_ACCOUNT_LIMIT", c.join_per_account.limit, 1, 100000);
  c.join_per_address.limit =
      config::get_int("CLASSROOM_API_JOIN_ADDRESS_LIMIT", c.join_per_address.limit, 1, 1000000);
  c.join_per_account.window = c.join_per_address.window =
      config::get_seconds("CLASSROOM_API_JOIN_WINDOW", kJoinWindow);
  core::ratelimit::validate(c.join_per_account);
  core::ratelimit::validate(c.join_per_address);
  return c;
}

}  // namespace classroom::api
