#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/mail/smtp.hpp"
#include "core/ratelimit/limiter.hpp"
#include "core/service/service.hpp"

namespace classroom::auth {

struct PasswordParams {
  std::uint64_t passes = 2;              // Argon2id t
  std::size_t memory_bytes = 19u << 20;  // Argon2id m: 19 MiB (OWASP's minimum)
};

// Sign-in failures before attempts are slowed (login_limiter.hpp).
struct LoginLimits {
  int per_pair = 5;         // per account and client address
  int per_known_pair = 20;  // the same from an address that has signed in to the account
  int per_account = 20;     // per account, from every address it does not know together
  // Past a limit, each attempt waits first_delay after the one before, doubling
  // up to max_delay; counts are forgotten after `window` without an attempt.
  std::chrono::milliseconds first_delay{1000};
  std::chrono::seconds max_delay{60};
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds known_for{90 * 24 * 3600};  // since its last sign-in
};

struct SessionPolicy {
  std::chrono::seconds idle{24 * 3600};           // sliding
  std::chrono::seconds lifetime{30 * 24 * 3600};  // absolute
  // last-seen is rewritten at most this often, so verification is one Redis read.
  std::chrono::seconds touch_interval{60};
  // At most this many live sessions per user; signing in beyond it ends the oldest.
  std::size_t max_per_user = 50;
};

// E-mail links: where they point and how long their one-time tokens last.
struct EmailLinks {
  // Where users reach the gateway and the web application
  // (CLASSROOM_PUBLIC_URL), without a trailing slash.
  std::string public_url = "http://127.0.0.1:8080";
  std::chrono::seconds verify_ttl{24 * 3600};
  std::chrono::seconds reset_ttl{3600};
};

// Requests that send e-mail (core's limiter, keys rl:<name>:…): verification
// links per account, reset links per e-mail address and per client address;
// and links used (POST /auth/email/verify, /auth/password/reset) with a token
// that does not work, per client address.
struct EmailLimits {
  core::ratelimit::Rule verification{"email-verification", 5, std::chrono::seconds(3600)};
  core::ratelimit::Rule forgot_per_email{"password-forgot-email", 5, std::chrono::seconds(3600)};
  core::ratelimit::Rule forgot_per_address{"password-forgot-address", 50,
                                           std::chrono::seconds(3600)};
  core::ratelimit::Rule dead_links_per_address{"dead-link-address", 20, std::chrono::seconds(900)};
};

// HTTP, database and Redis settings come from core::ServiceSettings.
struct Config : core::ServiceSettings {
  SessionPolicy sessions;
  PasswordParams passwords;
  LoginLimits login;
  EmailLinks links;
  EmailLimits email_limits;
  core::mail::Settings smtp;
  std::string cookie_name = "classroom_session";
  bool cookie_secure = false;
  // Where a cookie-authenticated browser request may come from: the public
  // URL's origin (links.public_url), then those of CLASSROOM_AUTH_ALLOWED_ORIGINS (url_origin
  // form).
  std::vector<std::string> allowed_origins;
  std::size_t hash_threads = 2;
  std::size_t hash_queue = 256;

  // Every variable is listed in the README; invalid values stop the service.
  static Config from_env();
};

}  // namespace classroom::auth
