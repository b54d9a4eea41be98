#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Who hears of an event, and what they read (docs/events.md, "Audience"):
// a pure function from an event to its notices, over plain types.
namespace classroom::notify {

// An event as the audience reads it: the envelope, and `data`'s scalar
// members as text (numbers in decimal, booleans `true`/`false`; null ones
// absent), its `recipientIds` apart.
struct Envelope {
  std::string id;
  std::string type;
  std::string occurred_at;
  std::optional<std::string> actor_id;
  std::optional<std::string> course_id;
  std::map<std::string, std::string, std::less<>> data;
  std::optional<std::vector<std::string>> recipient_ids;
};

// One text to a group of people: each becomes an item in their inbox.
struct Notice {
  std::vector<std::string> recipients;  // user ids, never the actor, each once
  // An address e-mailed whatever anyone's preferences (an invitation's); the
  // recipients then get the item in their inbox but no e-mail of their own.
  std::optional<std::string> email;
  std::string title;
  std::string body;
  std::string link;  // a path of the web application
};

// user id -> display name, for the people the notices name (people_named()).
using DisplayNames = std::map<std::string, std::string, std::less<>>;

// user id -> the address that user proved (user.email_verified), for the
// people whose notices depend on it (people_verified()).
using VerifiedEmails = std::map<std::string, std::string, std::less<>>;

// The event's data cannot make a notice (a member missing, not a UUID, not a
// time): retrying cannot help.
class InvalidEvent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The notices of an event; none for a type nobody hears of. A user is in at
// most one notice of an event; a recipient id that is not a UUID is in none.
// An invitation's invitee gets the inbox item only when `verified` says they
// proved the invited address. Throws InvalidEvent.
std::vector<Notice> audience(const Envelope& event, const DisplayNames& names,
                             const VerifiedEmails& verified = {});

// The users whose display names the notices of `event` may use.
std::vector<std::string> people_named(const Envelope& event);

// The users whose verified addresses audience() needs for `event`.
std::vector<std::string> people_verified(const Envelope& event);

// Types whose recipients are the course's students at the time the event is
// handled (asked of api), given to audience() as `recipient_ids`.
bool needs_course_students(std::string_view type);

}  // namespace classroom::notify
