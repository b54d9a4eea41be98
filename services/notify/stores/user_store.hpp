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
namespace classroom::notify::user_store {

boost::asio::awaitable<void> record(core::redis::Client& redis, const std::string& user,
                                    const std::string& email, const std::string& display_name);
// The display names notify knows among `users` (one pipeline).
boost::asio::awaitable<DisplayNames> display_names(core::redis::Client& redis,
                                                   const std::vector<std::string>& users);
// The user's address and display name; nullopt when notify has none.
boost::asio::awaitable<std::optional<core::mail::Address>> address(core::redis::Client& redis,
                                                                   const std::string& user);

}  // namespace classroom::notify::user_store
