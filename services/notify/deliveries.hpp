#pragma once

#include <boost/asio/awaitable.hpp>

namespace classroom::core {
class Membership;
namespace redis {
class Client;
}
namespace events {
struct Event;
}
}  // namespace classroom::core

namespace classroom::notify {

// The consumer's handler (group "notify", every type): user.registered
// records the user's address and name; user.deactivated ends their live
// connections; every other event goes through the audience table, the
// recipients' preferences and the delivery script, once per event id.
// Unusable data is logged and returns (acknowledged: a retry cannot help);
// Redis or api unavailable throws, so the event is delivered again.
boost::asio::awaitable<void> handle_event(core::redis::Client& redis, core::Membership& membership,
                                          const core::events::Event& event);

}  // namespace classroom::notify
