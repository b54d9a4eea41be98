#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/notify/domain/audience.hpp"

namespace classroom::core::redis {
class Client;
}

// What notify knows of people, notify:{u}:user (HASH email, displayName),
// from user.registered: notify never asks auth.
namespace classroom::notify::user_store {

boost::asio::awaitable<void> record(core::redis::Client& redis, const std::string& user,
                                    const std::string& email, const std::string& display_name);
// The display names notify knows among `users` (one pipeline).
boost::asio::awaitable<DisplayNames> display_names(core::redis::Client& redis,
                                                   const std::vector<std::string>& users);

}  // namespace classroom::notify::user_store
