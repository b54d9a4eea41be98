#pragma once

#include <chrono>
#include <string>

#include "core/http/client.hpp"
#include "core/mail/smtp.hpp"
#include "core/service/service.hpp"

namespace classroom::notify {

// HTTP and Redis settings come from core::ServiceSettings; notify has no database.
struct Config : core::ServiceSettings {
  // api, asked for a course's students (exam.published, exam.closed).
  core::http::ClientSettings api;
  // The gateway's address as users reach it: links in e-mails are absolute.
  std::string public_url = "http://127.0.0.1:8080";
  // Events left pending this long by a consumer (a crashed instance) are
  // claimed by another; longer than handling an event ever takes.
  std::chrono::milliseconds reclaim_after{30000};
  // Where e-mail goes (CLASSROOM_SMTP_URL, CLASSROOM_MAIL_FROM, ...).
  core::mail::Settings smtp;
  // Daily digests: once per `digest_every`, `digest_at` into each period
  // (from the Unix epoch: 24h and 7h send them at 07:00 UTC).
  std::chrono::seconds digest_every{24 * 3600};
  std::chrono::seconds digest_at{7 * 3600};
  // A live connection ends after this long (less a little jitter), so that
  // its client reconnects through the gateway, which verifies the session
  // again: a signed-out user's connections do not outlive it by more.
  std::chrono::milliseconds live_max_age{15 * 60 * 1000};

  // Every variable is listed in the README; invalid values stop the service.
  static Config from_env();
};

}  // namespace classroom::notify
