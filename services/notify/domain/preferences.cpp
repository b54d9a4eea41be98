#include "services/notify/domain/preferences.hpp"

#include <algorithm>
#include <array>

namespace classroom::notify {

namespace {

constexpr std::array<std::string_view, 16> kNotifiable = {
    "user.reactivated",    "user.role_changed",    "course.member_added", "course.member_removed",
    "invitation.created",  "announcement.posted",  "comment.posted",      "coursework.published",
    "coursework.due_soon", "submission.turned_in", "submission.returned", "exam.published",
    "exam.closed",         "exam.opening_soon",    "attempt.submitted",   "exam.result_released"};

// What a user must act on soon comes at once; what they may read later waits
// for the day's digest; the rest stays in the inbox.
constexpr std::array<std::string_view, 5> kImmediate = {"invitation.created", "coursework.due_soon",
                                                        "exam.opening_soon", "submission.returned",
                                                        "exam.result_released"};
constexpr std::array<std::string_view, 5> kDaily = {"announcement.posted", "comment.posted",
                                                    "coursework.published", "exam.published",
                                                    "submission.turned_in"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string_view email_mode_name(EmailMode mode) {
  switch (mode) {
    case EmailMode::kImmediate:
      return "IMMEDIATE";
    case EmailMode::kDaily:
      return "DAILY";
    case EmailMode::kOff:
      break;
  }
  return "OFF";
}

std::optional<EmailMode> parse_email_mode(std::string_view name) {
  for (auto mode : {EmailMode::kOff, EmailMode::kImmediate, EmailMode::kDaily}) {
    if (email_mode_name(mode) == name) {
      return mode;
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> notifiable_types() { return kNotifiable; }

bool is_notifiable(std::string_view type) { return among(kNotifiable, type); }

EmailMode default_email_mode(std::string_view type) {
  if (among(kImmediate, type)) {
    return EmailMode::kImmediate;
  }
  return among(kDaily, type) ? EmailMode::kDaily : EmailMode::kOff;
}

EmailMode email_mode(const Preferences& prefs, std::string_view type) {
  auto set = prefs.email.find(type);
  return set != prefs.email.end() ? set->second : default_email_mode(type);
}

bool mutes(const Preferences& prefs, std::string_view type,
           const std::optional<std::string>& course_id) {
  auto has = [](const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  return has(prefs.muted_types, type) || (course_id && has(prefs.muted_courses, *course_id));
}

}  // namespace classroom::notify
