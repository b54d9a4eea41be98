#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/mail/smtp.hpp"
#include "core/ratelimit/limiter.hpp"
#include "core/service/service.hpp"

namespace classroom::auth {

struct PasswordParams {
  std::uint64_t passes = 2;              // Argon2id t
  std::size_t memory_bytes = 19u << 20;  // Argon2id m: 19 MiB (OWASP's minimum)
};

struct LoginLimits {
  int per_account = 5;    // failures per e-mail within the window
  int per_address = 100;  // failures per client address (schools share one behind NAT)
  std::chrono::seconds window{15 * 60};
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
  std::string public_url = "http://127.0.0.1:8080";  // the web application
  std::chrono::seconds verify_ttl{24 * 3600};
  std::chrono::seconds reset_ttl{3600};
};

// Requests that send e-mail (core's limiter, keys rl:<name>:…): verification
// links per account, reset links per e-mail address and per client address.
struct EmailLimits {
  core::ratelimit::Rule verification{"email-verification", 5, std::chrono::seconds(3600)};
  core::ratelimit::Rule forgot_per_email{"password-forgot-email", 5, std::chrono::seconds(3600)};
  core::ratelimit::Rule forgot_per_address{"password-forgot-address", 50,
                                           std::chrono::seconds(3600)};
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
  std::string allowed_origins;  // comma-separated; empty: the request's own host
  std::size_t hash_threads = 2;
  std::size_t hash_queue = 256;

  // Every variable is listed in the README; invalid values stop the service.
  static Config from_env();
};

}  // namespace classroom::auth
