#include "services/notify/live/message.hpp"

#include <boost/json.hpp>

namespace classroom::notify::live {
namespace {

namespace json = boost::json;

const json::string* string_at(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr ? value->if_string() : nullptr;
}

std::optional<std::int64_t> integer_of(const json::value& value) {
  if (const auto* number = value.if_int64()) {
    return *number;
  }
  return std::nullopt;
}

std::optional<Addressee> addressee(const json::value& entry) {
  const json::array* parts = entry.if_array();
  if (parts == nullptr || parts->size() != 3 || !(*parts)[0].is_string()) {
    return std::nullopt;
  }
  auto seq = integer_of((*parts)[1]);
  auto unread = integer_of((*parts)[2]);
  if (!seq || !unread) {
    return std::nullopt;
  }
  return Addressee{std::string((*parts)[0].get_string()), *seq, *unread};
}

std::optional<LiveMessage> item_message(const json::object& message) {
  const json::value* item = message.if_contains("item");
  const json::value* to = message.if_contains("to");
  if (item == nullptr || !item->is_object() || to == nullptr || !to->is_array()) {
    return std::nullopt;
  }
  const json::string* id = string_at(item->get_object(), "id");
  if (id == nullptr) {
    return std::nullopt;
  }
  ItemMessage out{std::string(*id), json::serialize(*item), {}};
  out.to.reserve(to->get_array().size());
  for (const json::value& entry : to->get_array()) {
    auto recipient = addressee(entry);
    if (!recipient) {
      return std::nullopt;
    }
    out.to.push_back(*std::move(recipient));
  }
  return out;
}

}  // namespace

std::optional<LiveMessage> parse_live_message(std::string_view payload) {
  boost::system::error_code ec;
  json::value parsed = json::parse(payload, ec);
  const json::object* message = ec ? nullptr : parsed.if_object();
  const json::string* kind = message != nullptr ? string_at(*message, "kind") : nullptr;
  if (kind == nullptr) {
    return std::nullopt;
  }
  if (*kind == "item") {
    return item_message(*message);
  }
  const json::string* user = string_at(*message, "userId");
  if (user == nullptr) {
    return std::nullopt;
  }
  if (*kind == "close") {
    return CloseMessage{std::string(*user)};
  }
  const json::value* count = message->if_contains("count");
  auto number = count != nullptr ? integer_of(*count) : std::nullopt;
  if (*kind == "unread" && number) {
    return UnreadMessage{std::string(*user), *number};
  }
  return std::nullopt;
}

std::string websocket_notification(std::string_view item_json, std::int64_t unread) {
  // The item is JSON already (ours, from Redis): spliced in, not parsed again.
  std::string out = R"({"type":"notification","item":)";
  out += item_json;
  out += R"(,"unreadCount":)";
  out += std::to_string(unread);
  out += '}';
  return out;
}

std::string websocket_unread(std::int64_t count) {
  return R"({"type":"unreadCount","count":)" + std::to_string(count) + "}";
}

std::string unread_data(std::int64_t count) { return R"({"count":)" + std::to_string(count) + "}"; }

}  // namespace classroom::notify::live
