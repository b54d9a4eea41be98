#pragma once

#include <string>
#include <string_view>

#include "services/notify/domain/audience.hpp"

namespace classroom::notify {

// The envelope of a stream entry (docs/events.md). Throws InvalidEvent when
// it is not an envelope: not JSON, an id that is not a UUID, no type, an
// occurredAt that is not a time, a recipientIds that is not a list. Ids
// (id, actorId, courseId, data's *Id members, recipientIds) come in lower
// case; a recipient id that is not a UUID is logged and left out.
Envelope parse_envelope(std::string_view text);

// The inbox item of `notice` (API.md): {id, type, title, body, courseId,
// link, actorId, createdAt}, without readAt, which is kept apart.
std::string item_json(const Envelope& event, const Notice& notice);

}  // namespace classroom::notify
