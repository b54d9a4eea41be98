#include "services/auth/account_sync.hpp"

#include <boost/json.hpp>

#include "core/events/consumer.hpp"
#include "core/log.hpp"
#include "services/auth/sessions.hpp"
#include "services/auth/users.hpp"

namespace classroom::auth {

namespace asio = boost::asio;

asio::awaitable<void> AccountSync::handle(const core::events::Event& event) {
  boost::system::error_code ec;
  auto envelope = boost::json::parse(event.envelope, ec);
  const boost::json::value* user_id = ec ? nullptr : envelope.find_pointer("/data/userId", ec);
  if (user_id == nullptr || !user_id->is_string()) {
    // Not ours to fix by retrying: say so and let it be acknowledged.
    core::log::error("event without data.userId", {{"eventId", event.id}, {"type", event.type}});
    co_return;
  }
  std::string id(user_id->get_string());
  co_await sync(id);
}

asio::awaitable<void> AccountSync::sync(const std::string& user_id) {
  auto user = co_await users_.find_by_id(user_id);
  if (!user || !user->active) {
    co_await sessions_.revoke_all(user_id);
  } else {
    co_await sessions_.set_role(user_id, user->role);
    if (user->email_verified) {
      co_await sessions_.set_email_verified(user_id);
    }
  }
}

}  // namespace classroom::auth
