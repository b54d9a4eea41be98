#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/notify/domain/preferences.hpp"

namespace classroom::core::redis {
class Client;
}

// Users' preferences, notify:{u}:prefs: JSON with a version (the ETag).
namespace classroom::notify::preferences_store {

// The user's preferences; the defaults (version 0) when never set.
boost::asio::awaitable<Preferences> read(core::redis::Client& redis, const std::string& user);
// Each user's, in the order of `users`, in one pipeline.
boost::asio::awaitable<std::vector<Preferences>> read_many(core::redis::Client& redis,
                                                           const std::vector<std::string>& users);
// Replaces the user's preferences when their version is `expected` (any
// version when nullopt); returns the new version, or nullopt when another
// version is stored.
boost::asio::awaitable<std::optional<std::int64_t>> replace(core::redis::Client& redis,
                                                            const std::string& user,
                                                            std::optional<std::int64_t> expected,
                                                            const Preferences& prefs);

}  // namespace classroom::notify::preferences_store
