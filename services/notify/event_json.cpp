#include "services/notify/event_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace classroom::notify {

namespace json = boost::json;

namespace {

std::optional<std::string> text_member(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return std::nullopt;
  }
  if (!v->is_string()) {
    throw InvalidEvent(std::string(name) + " is not text");
  }
  return std::string(v->get_string());
}

// Numbers as people write them: points with at most two decimals, integers plainly.
std::optional<std::string> scalar_text(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return std::string(v.get_string());
    case json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case json::kind::int64:
      return std::to_string(v.get_int64());
    case json::kind::uint64:
      return std::to_string(v.get_uint64());
    case json::kind::double_:
      if (std::isfinite(v.get_double()) && std::abs(v.get_double()) < 1e15) {
        return core::points_text(std::llround(v.get_double() * 100));
      }
      return std::nullopt;
    default:
      return std::nullopt;  // null, and lists and objects no notice reads
  }
}

// Ids are compared as text (the actor, mutes, inbox keys): one spelling, lower case.
std::optional<std::string> lower_id(std::optional<std::string> id) {
  return id && core::is_uuid(*id) ? std::optional(core::ascii_lower(*id)) : std::move(id);
}

// One id that is not a user's reaches nobody; the others still hear of the event.
std::vector<std::string> recipient_ids(const json::value& v, const std::string& event_id) {
  if (!v.is_array()) {
    throw InvalidEvent("data.recipientIds is not a list");
  }
  std::vector<std::string> ids;
  const auto& list = v.get_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].is_string() && core::is_uuid(list[i].get_string())) {
      ids.push_back(core::ascii_lower(list[i].get_string()));
    } else {
      core::log::warn("a recipient skipped: not a user id",
                      {{"eventId", event_id}, {"index", std::to_string(i)}});
    }
  }
  return ids;
}

bool names_an_id(std::string_view key) { return key.ends_with("Id"); }

json::value optional(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

}  // namespace

Envelope parse_envelope(std::string_view text) {
  boost::system::error_code ec;
  auto parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    throw InvalidEvent("the envelope is not a JSON object");
  }
  const auto& o = parsed.get_object();
  Envelope e;
  e.id = lower_id(text_member(o, "id")).value_or("");
  e.type = text_member(o, "type").value_or("");
  e.occurred_at = text_member(o, "occurredAt").value_or("");
  if (!core::is_uuid(e.id) || e.type.empty() || !core::parse_time(e.occurred_at)) {
    throw InvalidEvent("the envelope needs an id (UUID), a type and occurredAt (RFC 3339)");
  }
  e.actor_id = lower_id(text_member(o, "actorId"));
  e.course_id = lower_id(text_member(o, "courseId"));
  const auto* data = o.if_contains("data");
  if (data == nullptr || !data->is_object()) {
    throw InvalidEvent("the envelope has no data object");
  }
  for (const auto& member : data->get_object()) {
    if (member.key() == "recipientIds") {
      e.recipient_ids = recipient_ids(member.value(), e.id);
    } else if (auto value = scalar_text(member.value())) {
      if (names_an_id(member.key())) {
        value = lower_id(std::move(value));
      }
      e.data.emplace(std::string(member.key()), std::move(*value));
    }
  }
  return e;
}

std::string item_json(const Envelope& event, const Notice& notice) {
  json::object item{{"id", event.id},
                    {"type", event.type},
                    {"title", notice.title},
                    {"body", notice.body},
                    {"courseId", optional(event.course_id)},
                    {"link", notice.link},
                    {"actorId", optional(event.actor_id)},
                    {"createdAt", event.occurred_at}};
  return json::serialize(item);
}

}  // namespace classroom::notify
