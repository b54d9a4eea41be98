#include "services/auth/account_sync.hpp"

#include <boost/json.hpp>

#include "core/events/consumer.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
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
  if (event.type == "user.password_reset") {
    co_await end_sessions_before(id, envelope.as_object(), event);
  }
  co_await sync(id);
}

asio::awaitable<void> AccountSync::end_sessions_before(const std::string& user_id,
                                                       const boost::json::object& envelope,
                                                       const core::events::Event& event) {
  const auto* at = envelope.if_contains("occurredAt");
  auto occurred =
      at != nullptr && at->is_string() ? core::parse_time(at->get_string()) : std::nullopt;
  if (!occurred) {
    // Safe rather than sorry: every session ends, the owner signs in again.
    core::log::error("user.password_reset without occurredAt", {{"eventId", event.id}});
    co_await sessions_.revoke_all(user_id);
    co_return;
  }
  auto before = std::chrono::duration_cast<std::chrono::milliseconds>(occurred->time_since_epoch());
  co_await sessions_.revoke_created_before(user_id, before.count());
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
