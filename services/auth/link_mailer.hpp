#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <set>
#include <string>

#include "core/mail/message.hpp"
#include "services/auth/config.hpp"
#include "services/auth/users.hpp"

namespace classroom::core::mail {
class Client;
}

namespace classroom::auth {

class EmailTokenStore;

// Sends the e-mails of one-time links (verification, password reset) in the
// background, after the request that asked for one has been answered: the
// answer never waits for, or tells anything about, the mail. One per worker
// thread; SMTP runs on the mail client's own threads. A send the server
// cannot take now is tried a few times more; one that still fails is logged
// (never with its token) and dropped: the user can always ask again.
class LinkMailer {
 public:
  LinkMailer(boost::asio::io_context& io, core::mail::Client& smtp, UserStore& users,
             EmailTokenStore& tokens, EmailLinks links);

  // A new verification link for `user`, to the account's address.
  void send_verification(User user);
  // A reset link to `email` when it names an active account; nothing otherwise.
  void send_reset(std::string email);
  // Ends the waits between attempts, so that a draining worker runs out of work.
  void stop();

 private:
  boost::asio::awaitable<void> verification(User user);
  boost::asio::awaitable<void> reset(std::string email);
  boost::asio::awaitable<void> deliver(core::mail::Message message, std::string_view what,
                                       std::string user_id);
  // Waits `delay`; false when stop() came first.
  boost::asio::awaitable<bool> pause(std::chrono::seconds delay);
  void spawn(boost::asio::awaitable<void> task, std::string what);

  boost::asio::io_context& io_;
  core::mail::Client& smtp_;
  UserStore& users_;
  EmailTokenStore& tokens_;
  EmailLinks links_;
  std::set<boost::asio::steady_timer*> waiting_;  // this worker's thread only
  bool stopped_ = false;
};

}  // namespace classroom::auth
