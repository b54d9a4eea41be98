#include "services/exams/domain/schedule.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace classroom::exams {

namespace {

using std::chrono::microseconds;
using std::chrono::minutes;

constexpr double kMultiplierMin = 1;
constexpr double kMultiplierMax = 5;
constexpr int kMinutesMax = 10080;  // a week
constexpr int kAttemptsMax = 100;

microseconds rounded_seconds(double seconds) { return std::chrono::seconds(std::llround(seconds)); }

void check_range(std::vector<core::FieldError>& errors, const char* field, std::optional<int> value,
                 int min, int max) {
  if (value && (*value < min || *value > max)) {
    errors.push_back({field, "must be from " + std::to_string(min) + " to " + std::to_string(max)});
  }
}

void check_order(std::vector<core::FieldError>& errors, const char* field,
                 std::optional<core::Timestamp> opens_at,
                 std::optional<core::Timestamp> closes_at) {
  if (opens_at && closes_at && *opens_at >= *closes_at) {
    errors.push_back({field, "the exam must open before it closes"});
  }
}

constexpr std::array<std::string_view, 3> kStateNames = {"DRAFT", "PUBLISHED", "CLOSED"};

}  // namespace

std::string_view exam_state_name(ExamState state) {
  return kStateNames.at(static_cast<std::size_t>(state));
}

std::optional<ExamState> parse_exam_state(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) {
      return static_cast<ExamState>(i);
    }
  }
  return std::nullopt;
}

ExamTimes times_for(const ExamTimes& exam, const std::optional<Override>& override) {
  if (!override) {
    return exam;
  }
  ExamTimes times = exam;
  if (override->opens_at) {
    times.opens_at = override->opens_at;
  }
  if (override->closes_at) {
    times.closes_at = override->closes_at;
  }
  if (override->time_limit_minutes) {
    times.time_limit_minutes = override->time_limit_minutes;
  }
  if (override->max_attempts) {
    times.max_attempts = *override->max_attempts;
  }
  return times;
}

microseconds added_time(std::optional<int> time_limit_minutes, const Accommodation& accommodation) {
  double limit_seconds = 60.0 * time_limit_minutes.value_or(0);
  return rounded_seconds(limit_seconds * (accommodation.time_multiplier - 1)) +
         minutes(accommodation.extra_minutes);
}

std::optional<core::Timestamp> deadline(core::Timestamp started, const ExamTimes& times,
                                        const Accommodation& accommodation) {
  std::optional<core::Timestamp> close = times.closes_at;
  if (close && accommodation.extend_past_close) {
    *close += added_time(times.time_limit_minutes, accommodation);
  }
  if (!times.time_limit_minutes) {
    return close;
  }
  core::Timestamp end = started + minutes(*times.time_limit_minutes) +
                        added_time(times.time_limit_minutes, accommodation);
  return close ? std::min(end, *close) : end;
}

std::optional<core::Timestamp> recomputed_deadline(core::Timestamp started,
                                                   std::optional<core::Timestamp> granted,
                                                   const ExamTimes& times,
                                                   const Accommodation& accommodation) {
  if (!granted) {
    return std::nullopt;
  }
  auto recomputed = deadline(started, times, accommodation);
  if (!recomputed) {
    return std::nullopt;
  }
  return std::max(*recomputed, *granted);
}

std::optional<std::string> start_refusal(ExamState state, const ExamTimes& times, int attempts_used,
                                         core::Timestamp now) {
  if (state == ExamState::kDraft) {
    return "the exam is not published";
  }
  const bool past_close = times.closes_at && now >= *times.closes_at;
  if (past_close) {
    return "the exam closed at " + core::format_time(*times.closes_at);
  }
  // Closed early by a teacher (or for everyone else, before this student's
  // later close).
  if (state == ExamState::kClosed) {
    return "the exam is closed";
  }
  if (times.opens_at && now < *times.opens_at) {
    return "the exam opens at " + core::format_time(*times.opens_at);
  }
  if (attempts_used >= times.max_attempts) {
    return "no attempts left (" + std::to_string(attempts_used) + " of " +
           std::to_string(times.max_attempts) + " used)";
  }
  return std::nullopt;
}

bool accepts_answers(std::optional<core::Timestamp> deadline, core::Timestamp now) {
  return !deadline || now <= *deadline + kAnswerGrace;
}

bool is_overdue(std::optional<core::Timestamp> deadline, core::Timestamp now) {
  return deadline && now > *deadline;
}

std::vector<core::FieldError> accommodation_errors(const Accommodation& accommodation) {
  std::vector<core::FieldError> errors;
  double m = accommodation.time_multiplier;
  // NaN fails every comparison, so it is caught by the negated range test.
  if (!(m >= kMultiplierMin && m <= kMultiplierMax) ||
      std::abs(m * 100 - std::round(m * 100)) > 1e-6) {
    errors.push_back({"timeMultiplier", "must be from 1 to 5, with two decimals at most"});
  }
  check_range(errors, "extraMinutes", accommodation.extra_minutes, 0, kMinutesMax);
  return errors;
}

std::vector<core::FieldError> exam_times_errors(const ExamTimes& times) {
  std::vector<core::FieldError> errors;
  check_range(errors, "timeLimitMinutes", times.time_limit_minutes, 1, kMinutesMax);
  check_range(errors, "maxAttempts", times.max_attempts, 1, kAttemptsMax);
  check_order(errors, "closesAt", times.opens_at, times.closes_at);
  return errors;
}

std::vector<core::FieldError> override_errors(const Override& override, const ExamTimes& exam) {
  std::vector<core::FieldError> errors;
  check_range(errors, "timeLimitMinutes", override.time_limit_minutes, 1, kMinutesMax);
  check_range(errors, "maxAttempts", override.max_attempts, 1, kAttemptsMax);
  if (override.opens_at || override.closes_at) {
    ExamTimes times = times_for(exam, override);
    check_order(errors, override.closes_at ? "closesAt" : "opensAt", times.opens_at,
                times.closes_at);
  }
  return errors;
}

}  // namespace classroom::exams
