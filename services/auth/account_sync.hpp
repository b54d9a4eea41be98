#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/fwd.hpp>
#include <string>

namespace classroom::core::events {
struct Event;
}

namespace classroom::auth {

class SessionStore;
class UserStore;

// Keeps live sessions in line with their account, from auth's own events
// (`user.deactivated`, `user.role_changed`, `user.email_verified`,
// `user.password_reset`). The handlers that change an account also update its
// sessions at once; this is the durable path behind them, for when a crash
// falls between the database commit and that update: the outbox delivers the
// event at least once, and this applies the account's *current* state (a
// deactivated account has no sessions; a live one's sessions carry its role
// and verified e-mail), so a repeated or late event does no harm. A password
// reset ends the sessions begun before its event's occurredAt: a session the
// owner opened with the new password survives a late or repeated event.
class AccountSync {
 public:
  AccountSync(UserStore& users, SessionStore& sessions) : users_(users), sessions_(sessions) {}

  boost::asio::awaitable<void> handle(const core::events::Event& event);
  boost::asio::awaitable<void> sync(const std::string& user_id);

 private:
  boost::asio::awaitable<void> end_sessions_before(const std::string& user_id,
                                                   const boost::json::object& envelope,
                                                   const core::events::Event& event);

  UserStore& users_;
  SessionStore& sessions_;
};

}  // namespace classroom::auth
