#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/mail/message.hpp"
#include "services/notify/domain/audience.hpp"

namespace classroom::core::redis {
class Client;
}

// What notify knows of people, notify:{u}:user (HASH email, displayName),
// from user.registered, or from api for someone registered before the
// events notify saw (services/notify/people.hpp): notify never asks auth.
// Also verifiedEmail, the address the user last proved (user.email_verified),
// which only that event writes: an account that never proved one has none.
namespace classroom::notify::user_store {

boost::asio::awaitable<void> record(core::redis::Client& redis, const std::string& user,
                                    const std::string& email, const std::string& display_name);
boost::asio::awaitable<void> record_verified(core::redis::Client& redis, const std::string& user,
                                             const std::string& email);
// The verified addresses notify knows among `users` (one pipeline).
boost::asio::awaitable<VerifiedEmails> verified_emails(core::redis::Client& redis,
                                                       const std::vector<std::string>& users);
// The display names notify knows among `users` (one pipeline).
boost::asio::awaitable<DisplayNames> display_names(core::redis::Client& redis,
                                                   const std::vector<std::string>& users);
// The user's address and display name; nullopt when notify has none.
boost::asio::awaitable<std::optional<core::mail::Address>> address(core::redis::Client& redis,
                                                                   const std::string& user);

}  // namespace classroom::notify::user_store
