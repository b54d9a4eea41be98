#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// What the inbox's scripts publish on notify:live (docs/decisions.md,
// "Notify"), and what a live connection sends of it. Publishing inside the
// script that writes the inbox makes the channel's order each user's seq order.
namespace classroom::notify::live {

// One recipient of an item: the item's seq in their inbox and their unread
// count once it arrived.
struct Addressee {
  std::string user_id;
  std::int64_t seq = 0;
  std::int64_t unread = 0;
};

// {"kind":"item","item":{...},"to":[["<userId>",<seq>,<unreadCount>],...]}
struct ItemMessage {
  std::string item_id;
  std::string item_json;  // the item as published (readAt null)
  std::vector<Addressee> to;
};

// {"kind":"unread","userId":"u","count":n}: the user read items.
struct UnreadMessage {
  std::string user_id;
  std::int64_t count = 0;
};

// {"kind":"close","userId":"u"}: the user was deactivated; their connections end.
struct CloseMessage {
  std::string user_id;
};

using LiveMessage = std::variant<ItemMessage, UnreadMessage, CloseMessage>;

// nullopt for a payload that is none of these.
std::optional<LiveMessage> parse_live_message(std::string_view payload);

// The WebSocket's text messages:
// {"type":"notification","item":{...},"unreadCount":n} and {"type":"unreadCount","count":n}.
std::string websocket_notification(std::string_view item_json, std::int64_t unread);
std::string websocket_unread(std::int64_t count);

// The data of the event stream's `unread-count` event: {"count":n}.
std::string unread_data(std::int64_t count);

}  // namespace classroom::notify::live
