#include "services/notify/preferences_json.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace classroom::notify {

namespace json = boost::json;

namespace {

// A user in many courses may mute each; more is no preference but a mistake.
constexpr std::size_t kMaxMutedCourses = 1000;

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

void add_once(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(std::move(value));
  }
}

// Each element of `name` that `accept` takes (nullopt: refused with `message`).
template <class Accept>
std::vector<std::string> strings(const json::object& body, std::string_view name,
                                 std::vector<core::FieldError>& problems, Accept accept,
                                 std::string_view message) {
  std::vector<std::string> out;
  const auto* list = array_member(body, name);
  for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
    auto field = std::string(name) + "[" + std::to_string(i) + "]";
    const auto& v = (*list)[i];
    if (!v.is_string()) {
      core::json::wrong_type(field, "a string");
    }
    if (auto value = accept(std::string_view(v.get_string()))) {
      add_once(out, std::move(*value));
    } else {
      problems.push_back({field, std::string(message)});
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
  if (prefs.muted_courses.size() > kMaxMutedCourses) {
    problems.push_back({"mutedCourses", "holds more than 1000 courses"});
  }
  prefs.muted_types =
      strings(body, "mutedTypes", problems, type_name, "is not a type of notification");
  read_email(body, prefs, problems);
  return prefs;
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
  auto o = core::json::parse_object(stored);
  const auto* version = o.if_contains("version");
  std::int64_t number = version != nullptr && version->is_int64() ? version->get_int64() : 0;
  o.erase("version");
  // What was valid when stored is kept; a type no longer notifiable is dropped.
  std::vector<core::FieldError> dropped;
  auto prefs = from_object(o, dropped);
  prefs.version = number;
  return prefs;
}

}  // namespace classroom::notify
