#include "services/api/domain.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace classroom::api {

bool is_submission_state(std::string_view state) {
  return state == "NEW" || state == "CREATED" || state == "TURNED_IN" || state == "RETURNED" ||
         state == "RECLAIMED_BY_STUDENT";
}

std::optional<std::string_view> next_state(std::string_view state, SubmissionAction action) {
  bool open = state == "NEW" || state == "CREATED" || state == "RECLAIMED_BY_STUDENT";
  switch (action) {
    case SubmissionAction::kEdit:
      if (!open) {
        return std::nullopt;
      }
      return state == "NEW" ? std::string_view("CREATED") : state;
    case SubmissionAction::kTurnIn:
      if (!open) {
        return std::nullopt;
      }
      return "TURNED_IN";
    case SubmissionAction::kReclaim:
      if (state != "TURNED_IN" && state != "RETURNED") {
        return std::nullopt;
      }
      return "RECLAIMED_BY_STUDENT";
    case SubmissionAction::kReturn:
      if (!open && state != "TURNED_IN") {
        return std::nullopt;
      }
      return "RETURNED";
  }
  return std::nullopt;
}

bool is_turned_in(std::string_view state) { return state == "TURNED_IN" || state == "RETURNED"; }

bool visible_to_student(std::string_view state,
                        const std::optional<std::vector<std::string>>& assignees,
                        std::string_view student) {
  if (state != "PUBLISHED") {
    return false;
  }
  return !assignees || std::find(assignees->begin(), assignees->end(), student) != assignees->end();
}

std::string new_join_code() {
  std::string code;
  while (code.size() < kJoinCodeLength) {
    // base64url characters are uniform over 64 values; keeping those below
    // 56 (twice the alphabet) and folding keeps the draw uniform too.
    for (char c : core::random_token(16)) {
      int v = c >= 'A' && c <= 'Z'   ? c - 'A'
              : c >= 'a' && c <= 'z' ? c - 'a' + 26
              : c >= '0' && c <= '9' ? c - '0' + 52
              : c == '-'             ? 62
                                     : 63;
      int span = static_cast<int>(kJoinCodeAlphabet.size());
      if (v < 2 * span && code.size() < kJoinCodeLength) {
        code += kJoinCodeAlphabet[static_cast<std::size_t>(v % span)];
      }
    }
  }
  return code;
}

std::optional<std::string> normalize_join_code(std::string_view code) {
  if (code.size() != kJoinCodeLength) {
    return std::nullopt;
  }
  std::string out;
  for (char c : code) {
    char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (kJoinCodeAlphabet.find(upper) == std::string_view::npos) {
      return std::nullopt;
    }
    out += upper;
  }
  return out;
}

std::optional<std::int64_t> to_hundredths(double points) {
  if (!std::isfinite(points) || points < 0 || points > 1e12) {
    return std::nullopt;
  }
  double scaled = points * 100.0;
  double rounded = std::round(scaled);
  // 0.1 * 100 is 10.000000000000002: allow for binary fractions, not for a third decimal.
  if (std::fabs(scaled - rounded) > 1e-9 * std::max(1.0, std::fabs(scaled))) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(rounded);
}

std::optional<double> percentage(std::int64_t earned, std::int64_t possible) {
  if (possible <= 0) {
    return std::nullopt;
  }
  // Rounded half up, in integers: 10000 × earned / possible hundredths of a percent.
  std::int64_t basis = (earned * 20000 / possible + 1) / 2;
  return static_cast<double>(basis) / 100.0;
}

bool is_web_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (url.size() > 2048 || rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') {
    return false;
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> utc_time(std::string_view text) {
  auto t = core::parse_time(text);
  // 1970-01-01 and 2200-01-01 in microseconds since the epoch.
  constexpr std::int64_t kFirst = 0;
  constexpr std::int64_t kEnd = 7'258'118'400'000'000;
  if (!t || t->time_since_epoch().count() < kFirst || t->time_since_epoch().count() >= kEnd) {
    return std::nullopt;
  }
  return core::format_time(std::chrono::time_point_cast<core::Clock::duration>(*t), true);
}

std::string time_field(std::string_view field, std::string_view value) {
  auto t = utc_time(value);
  if (!t) {
    throw core::invalid_field(
        std::string(field),
        "must be an RFC 3339 time between 1970 and 2199, e.g. 2026-12-01T09:00:00Z");
  }
  return *t;
}

bool is_invited_address(std::string_view invited, std::string_view caller_email) {
  // One rule for both sides: the one invitations are stored under.
  try {
    return core::normalize_email(invited) == core::normalize_email(caller_email);
  } catch (const core::Error&) {
    return false;  // not an address at all: nobody's invitation
  }
}

std::string name_from_email(std::string_view email) {
  auto local = email.substr(0, email.find('@'));
  return local.empty() ? "user" : std::string(local);
}

std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 200;
  if (text.size() <= kMax) {
    return std::string(text);
  }
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace classroom::api
