#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/mail/message.hpp"

namespace classroom::core::mail {

struct Settings {
  // smtp://[user[:password]@]host[:port] or smtps://… (TLS from the start);
  // `?starttls=required` on an smtp:// URL upgrades with STARTTLS and refuses
  // to send when the server cannot. User and password are percent-decoded.
  std::string url = "smtp://127.0.0.1:8025";
  Address from{"classroom@localhost", "Classroom"};
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds send_timeout{30000};  // a whole message, connecting included
  std::size_t threads = 2;                        // messages sent at once
  std::size_t max_queued = 256;  // more waiting sends fail at once with kUnavailable
};

// Reads CLASSROOM_SMTP_URL, CLASSROOM_MAIL_FROM (`Name <address>` or an
// address), CLASSROOM_SMTP_CONNECT_TIMEOUT and CLASSROOM_SMTP_TIMEOUT
// (README lists them). Throws std::invalid_argument naming a bad variable.
Settings settings_from_env();

// Sends e-mail to one SMTP server with libcurl. libcurl's easy interface
// blocks, so sends run on the client's own threads, never on an io_context's:
// send() suspends the caller and resumes it on its own executor. Safe to
// share between threads; the Client must outlive the sends made on it (its
// destructor waits for those under way).
//
// Outcomes tell the caller what to do with the message:
// - returns: the server accepted it (it is the server's from then on);
// - Error(kUnavailable): try again later (the server is unreachable, timed
//   out, answered 4xx, refused the login, or too many sends are waiting);
// - Error(kInvalidArgument): never try this message again (the server
//   refused it for good with a 5xx, say an unknown recipient, or it cannot
//   be composed: an address that is not one).
class Client {
 public:
  // Throws std::invalid_argument when settings.url cannot be used.
  explicit Client(Settings settings);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  boost::asio::awaitable<void> send(Message message);

  const Settings& settings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace classroom::core::mail
