#include "services/notify/preferences_json.hpp"

#include <boost/json.hpp>
#include <unordered_set>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace classroom::notify {

namespace json = boost::json;

namespace {

// A user in many courses may mute each; more is no preference but a mistake.
// Counted as sent, duplicates included, so a huge list is refused unread.
constexpr std::size_t kMaxListed = 1000;

const json::array* array_member(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return nullptr;
  }
  if (!v->is_array()) {
    core::json::wrong_type(std::string(name), "an array");
  }
  return &v->get_array();
}

// Each element of `name` that `accept` takes (nullopt: refused with
// `message`), each once, in their order.
template <class Accept>
std::vector<std::string> strings(const json::object& body, std::string_view name,
                                 std::vector<core::FieldError>& problems, Accept accept,
                                 std::string_view message) {
  std::vector<std::string> out;
  const auto* list = array_member(body, name);
  if (list == nullptr) {
    return out;
  }
  if (list->size() > kMaxListed) {
    problems.push_back({std::string(name), "holds more than 1000 elements"});
    return out;
  }
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto field = [&] { return std::string(name) + "[" + std::to_string(i) + "]"; };
    const auto& v = (*list)[i];
    if (!v.is_string()) {
      core::json::wrong_type(field(), "a string");
    }
    if (auto value = accept(std::string_view(v.get_string()))) {
      if (seen.insert(*value).second) {
        out.push_back(std::move(*value));
      }
    } else {
      problems.push_back({field(), std::string(message)});
    }
  }
  return out;
}

std::optional<std::string> course_id(std::string_view text) {
  return core::is_uuid(text) ? std::optional(core::ascii_lower(text)) : std::nullopt;
}

std::optional<std::string> type_name(std::string_view text) {
  return is_notifiable(text) ? std::optional(std::string(text)) : std::nullopt;
}

void read_email(const json::object& body, Preferences& prefs,
                std::vector<core::FieldError>& problems) {
  const auto* v = body.if_contains("email");
  if (v == nullptr || v->is_null()) {
    return;
  }
  if (!v->is_object()) {
    core::json::wrong_type("email", "an object");
  }
  for (const auto& [type, mode] : v->get_object()) {
    auto field = "email." + std::string(type);
    if (!mode.is_string()) {
      core::json::wrong_type(field, "OFF, IMMEDIATE or DAILY");
    }
    auto parsed = parse_email_mode(std::string_view(mode.get_string()));
    if (!is_notifiable(type)) {
      problems.push_back({field, "is not a type of notification"});
    } else if (!parsed) {
      problems.push_back({field, "must be OFF, IMMEDIATE or DAILY"});
    } else {
      prefs.email[std::string(type)] = *parsed;
    }
  }
}

Preferences from_object(const json::object& body, std::vector<core::FieldError>& problems) {
  for (const auto& member : body) {
    if (member.key() != "mutedCourses" && member.key() != "mutedTypes" && member.key() != "email") {
      problems.push_back({std::string(member.key()), std::string(core::json::kUnknownField)});
    }
  }
  Preferences prefs;
  prefs.muted_courses =
      strings(body, "mutedCourses", problems, course_id, "must be a course id (a UUID)");
  prefs.muted_types =
      strings(body, "mutedTypes", problems, type_name, "is not a type of notification");
  read_email(body, prefs, problems);
  return prefs;
}

template <class Take>
void for_each_string(const json::object& o, std::string_view name, Take take) {
  const auto* list = o.if_contains(name);
  if (list == nullptr || !list->is_array()) {
    return;
  }
  for (const auto& v : list->get_array()) {
    if (v.is_string()) {
      take(std::string_view(v.get_string()));
    }
  }
}

json::array array_of(const std::vector<std::string>& list) {
  return json::array(list.begin(), list.end());
}

}  // namespace

Preferences preferences_from_request(const core::http::Request& request) {
  auto body = core::json::parse_body(request);
  std::vector<core::FieldError> problems;
  auto prefs = from_object(body, problems);
  if (!problems.empty()) {
    core::json::refuse(std::move(problems));
  }
  return prefs;
}

std::string preferences_view(const Preferences& prefs) {
  json::object email;
  for (auto type : notifiable_types()) {
    email[type] = email_mode_name(email_mode(prefs, type));
  }
  return json::serialize(json::object{{"mutedCourses", array_of(prefs.muted_courses)},
                                      {"mutedTypes", array_of(prefs.muted_types)},
                                      {"email", std::move(email)}});
}

std::string stored_preferences(const Preferences& prefs) {
  json::object email;
  for (const auto& [type, mode] : prefs.email) {
    email[type] = email_mode_name(mode);
  }
  return json::serialize(json::object{{"version", prefs.version},
                                      {"mutedCourses", array_of(prefs.muted_courses)},
                                      {"mutedTypes", array_of(prefs.muted_types)},
                                      {"email", std::move(email)}});
}

Preferences preferences_from_stored(std::string_view stored) {
  // Read for every recipient of every event: what was validated when stored
  // is taken as it is (no field names, no dedupe), one arena for the parse;
  // only what is no longer valid (a type no longer notifiable) is dropped.
  json::monotonic_resource memory;
  boost::system::error_code ec;
  auto value = json::parse(stored, ec, &memory);
  if (ec || !value.is_object()) {
    throw core::Error(core::ErrorCode::kInternal, "stored preferences are not a JSON object");
  }
  const auto& o = value.get_object();
  Preferences prefs;
  const auto* version = o.if_contains("version");
  prefs.version = version != nullptr && version->is_int64() ? version->get_int64() : 0;
  for_each_string(o, "mutedCourses", [&prefs](std::string_view id) {
    if (core::is_uuid(id)) {
      prefs.muted_courses.emplace_back(id);
    }
  });
  for_each_string(o, "mutedTypes", [&prefs](std::string_view type) {
    if (is_notifiable(type)) {
      prefs.muted_types.emplace_back(type);
    }
  });
  if (const auto* email = o.if_contains("email"); email != nullptr && email->is_object()) {
    for (const auto& [type, name] : email->get_object()) {
      auto mode = name.is_string() ? parse_email_mode(name.get_string()) : std::nullopt;
      if (mode && is_notifiable(type)) {
        prefs.email.emplace(std::string(type), *mode);
      }
    }
  }
  return prefs;
}

}  // namespace classroom::notify
