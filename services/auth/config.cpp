#include "services/auth/config.hpp"

#include <stdexcept>
#include <thread>

#include "core/config.hpp"
#include "core/text.hpp"
#include "services/auth/domain.hpp"

namespace classroom::auth {

namespace {

// The public URL's origin, then each of the comma-separated `extra` ones.
std::vector<std::string> origins_from(std::string_view public_url, std::string_view extra) {
  auto public_origin = url_origin(public_url);
  if (!public_origin) {
    throw std::invalid_argument("CLASSROOM_PUBLIC_URL must be an http:// or https:// URL");
  }
  std::vector<std::string> origins{*public_origin};
  while (!core::trim(extra).empty()) {
    auto comma = extra.find(',');
    auto origin = url_origin(core::trim(extra.substr(0, comma)));
    if (!origin) {
      throw std::invalid_argument(
          "CLASSROOM_AUTH_ALLOWED_ORIGINS must be comma-separated http:// or https:// origins");
    }
    origins.push_back(*std::move(origin));
    extra = comma == std::string_view::npos ? std::string_view() : extra.substr(comma + 1);
  }
  return origins;
}

}  // namespace

Config Config::from_env() {
  namespace config = core::config;
  Config c{core::service_settings_from_env(
      8101, "postgresql://classroom@127.0.0.1:15432/classroom_auth")};
  c.sessions.idle = config::get_seconds("CLASSROOM_AUTH_SESSION_IDLE", c.sessions.idle);
  c.sessions.lifetime = config::get_seconds("CLASSROOM_AUTH_SESSION_LIFETIME", c.sessions.lifetime);
  c.passwords.passes = static_cast<std::uint64_t>(config::get_int(
      "CLASSROOM_AUTH_ARGON2_PASSES", static_cast<std::int64_t>(c.passwords.passes), 1, 10));
  c.passwords.memory_bytes = static_cast<std::size_t>(
      config::get_int("CLASSROOM_AUTH_ARGON2_MEMORY_KIB", std::int64_t{19} * 1024, 8,
                      std::int64_t{4} * 1024 * 1024) *
      1024);
  c.login.per_pair = static_cast<int>(
      config::get_int("CLASSROOM_AUTH_LOGIN_PAIR_LIMIT", c.login.per_pair, 1, 1000));
  c.login.per_known_pair = static_cast<int>(
      config::get_int("CLASSROOM_AUTH_LOGIN_KNOWN_LIMIT", c.login.per_known_pair, 1, 1000));
  c.login.per_account = static_cast<int>(
      config::get_int("CLASSROOM_AUTH_LOGIN_ACCOUNT_LIMIT", c.login.per_account, 1, 100000));
  c.login.first_delay = config::get_seconds("CLASSROOM_AUTH_LOGIN_DELAY", std::chrono::seconds(1));
  c.login.max_delay = config::get_seconds("CLASSROOM_AUTH_LOGIN_MAX_DELAY", c.login.max_delay);
  c.login.window = config::get_seconds("CLASSROOM_AUTH_LOGIN_WINDOW", c.login.window);
  c.login.known_for = config::get_seconds("CLASSROOM_AUTH_KNOWN_ADDRESS_TTL", c.login.known_for);
  if (c.login.first_delay.count() == 0 || c.login.max_delay < c.login.first_delay ||
      c.login.window < c.login.max_delay || c.login.known_for.count() == 0) {
    throw std::invalid_argument(
        "CLASSROOM_AUTH_LOGIN_DELAY must be positive, at most CLASSROOM_AUTH_LOGIN_MAX_DELAY, "
        "itself at most CLASSROOM_AUTH_LOGIN_WINDOW; CLASSROOM_AUTH_KNOWN_ADDRESS_TTL positive");
  }
  c.links.public_url = config::get_base_url("CLASSROOM_PUBLIC_URL", c.links.public_url);
  c.links.verify_ttl = config::get_seconds("CLASSROOM_AUTH_VERIFY_TOKEN_TTL", c.links.verify_ttl);
  c.links.reset_ttl = config::get_seconds("CLASSROOM_AUTH_RESET_TOKEN_TTL", c.links.reset_ttl);
  if (c.links.verify_ttl.count() == 0 || c.links.reset_ttl.count() == 0) {
    throw std::invalid_argument(
        "CLASSROOM_AUTH_VERIFY_TOKEN_TTL and CLASSROOM_AUTH_RESET_TOKEN_TTL must be at least 1s");
  }
  auto& limits = c.email_limits;
  limits.verification.limit =
      config::get_int("CLASSROOM_AUTH_VERIFICATION_LIMIT", limits.verification.limit, 1, 1000);
  limits.forgot_per_email.limit =
      config::get_int("CLASSROOM_AUTH_FORGOT_EMAIL_LIMIT", limits.forgot_per_email.limit, 1, 1000);
  limits.forgot_per_address.limit = config::get_int("CLASSROOM_AUTH_FORGOT_ADDRESS_LIMIT",
                                                    limits.forgot_per_address.limit, 1, 100000);
  auto window =
      config::get_seconds("CLASSROOM_AUTH_EMAIL_LIMIT_WINDOW", limits.verification.window);
  for (auto* rule : {&limits.verification, &limits.forgot_per_email, &limits.forgot_per_address}) {
    rule->window = window;
    core::ratelimit::validate(*rule);
  }
  limits.dead_links_per_address.limit = config::get_int(
      "CLASSROOM_AUTH_DEAD_LINK_LIMIT", limits.dead_links_per_address.limit, 1, 100000);
  limits.dead_links_per_address.window =
      config::get_seconds("CLASSROOM_AUTH_DEAD_LINK_WINDOW", limits.dead_links_per_address.window);
  core::ratelimit::validate(limits.dead_links_per_address);
  c.smtp = core::mail::settings_from_env();
  c.cookie_name = config::get_string("CLASSROOM_AUTH_COOKIE_NAME", c.cookie_name);
  c.cookie_secure = config::get_bool("CLASSROOM_AUTH_COOKIE_SECURE", c.cookie_secure);
  c.allowed_origins =
      origins_from(c.links.public_url, config::get_string("CLASSROOM_AUTH_ALLOWED_ORIGINS", ""));
  c.hash_threads = static_cast<std::size_t>(config::get_int(
      "CLASSROOM_AUTH_HASH_THREADS", std::max(1u, std::thread::hardware_concurrency()), 1, 64));
  if (c.sessions.idle.count() == 0 || c.sessions.lifetime < c.sessions.idle) {
    throw std::invalid_argument(
        "CLASSROOM_AUTH_SESSION_IDLE must be positive and at most CLASSROOM_AUTH_SESSION_LIFETIME");
  }
  return c;
}

}  // namespace classroom::auth
