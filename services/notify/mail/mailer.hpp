#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace classroom::core {
namespace redis {
class Client;
}
namespace mail {
class Client;
}
}  // namespace classroom::core

namespace classroom::notify {
class People;
}

namespace classroom::notify::mail {

struct MailItem;

struct MailerSettings {
  std::string public_url;  // links in mails start with it
  // Digests go once per period, `digest_at` after each period's start
  // (periods counted from the Unix epoch, so 24h and 7h: at 07:00 UTC).
  std::chrono::seconds digest_every{24 * 3600};
  std::chrono::seconds digest_at{7 * 3600};
  // How long a job or a digest is someone's once taken: longer than one send.
  std::chrono::milliseconds lease{60000};
};

// The number of the digest period that `now` is in.
std::int64_t digest_period(std::chrono::system_clock::time_point now,
                           const MailerSettings& settings);

// Sends notify's e-mail (mail_store.hpp says how jobs wait in Redis), on
// worker 0 of each instance as two periodic tasks.
class Mailer {
 public:
  Mailer(core::redis::Client& redis, core::mail::Client& smtp, People& people,
         MailerSettings settings);

  // Sends the queued immediate jobs of every user with some, until their
  // lists are empty. When the SMTP server is unavailable, the job goes back
  // to the head of its list and this throws Error(kUnavailable): the task
  // backs off and tries again. A job refused for good, or that cannot be
  // sent (no such address), is logged and dropped.
  boost::asio::awaitable<void> send_queued();
  // Sends each user whose digest of the period of `now` is due one message
  // with their digest jobs. A user whose digest fails otherwise is logged and
  // the others still get theirs; when the SMTP server or Redis was
  // unavailable for some, this throws Error(kUnavailable) once at the end.
  boost::asio::awaitable<void> send_digests(std::chrono::system_clock::time_point now);

 private:
  boost::asio::awaitable<void> send_queued_of(const std::string& user);
  boost::asio::awaitable<void> send_job(const std::string& raw);
  boost::asio::awaitable<void> send_digest(const std::string& user, std::int64_t period);
  boost::asio::awaitable<void> send_digest_of(const std::string& user,
                                              const std::vector<MailItem>& items);

  core::redis::Client& redis_;
  core::mail::Client& smtp_;
  People& people_;
  MailerSettings settings_;
};

}  // namespace classroom::notify::mail
