#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// What a user chose to hear (API.md, notify: preferences). Plain rules over
// plain types; the JSON lives in preferences_json.
namespace classroom::notify {

enum class EmailMode { kOff, kImmediate, kDaily };

std::string_view email_mode_name(EmailMode mode);
std::optional<EmailMode> parse_email_mode(std::string_view name);

struct Preferences {
  std::int64_t version = 0;  // 0: never set (the defaults)
  std::vector<std::string> muted_courses;
  std::vector<std::string> muted_types;
  std::map<std::string, EmailMode, std::less<>> email;  // only what the user set
};

// Every event type that can put an item into someone's inbox: what
// preferences may name.
std::span<const std::string_view> notifiable_types();
bool is_notifiable(std::string_view type);

// The e-mail frequency a type has until the user sets one (docs/events.md, Audience).
EmailMode default_email_mode(std::string_view type);
EmailMode email_mode(const Preferences& prefs, std::string_view type);
// Muting affects the inbox, live delivery and e-mail alike.
bool mutes(const Preferences& prefs, std::string_view type,
           const std::optional<std::string>& course_id);

}  // namespace classroom::notify
