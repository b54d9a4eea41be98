#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "services/notify/domain/audience.hpp"

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

class People;

// The consumer's handler (group "notify", every type): user.registered
// records the user's address and name, user.email_verified the address they
// proved (nothing retroactive: docs/decisions.md); user.deactivated ends
// their live connections; every other event goes through the audience table, the
// recipients' preferences and the delivery script, once per event id.
// Unusable data is logged and returns (acknowledged: a retry cannot help);
// Redis or api unavailable throws, so the event is delivered again.
//
// An event handled too late for an e-mail to help (the first start reads the
// stream from its beginning, a consumer may have been down) still reaches the
// inboxes, without e-mail: see too_late_for_mail().
boost::asio::awaitable<void> handle_event(core::redis::Client& redis, core::Membership& membership,
                                          People& people, const core::events::Event& event);

// Whether an e-mail about `event` handled at `now` comes too late: a reminder
// (coursework.due_soon, exam.opening_soon) once its moment (dueAt, opensAt)
// has passed, any other event once it is more than 24 hours old.
bool too_late_for_mail(const Envelope& event, std::chrono::system_clock::time_point now);

}  // namespace classroom::notify
