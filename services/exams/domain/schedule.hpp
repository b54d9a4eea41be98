#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/time.hpp"

// When a student may start an exam and until when an attempt runs: plain
// arithmetic on times. No clock is read here; `now` is always a parameter.
namespace classroom::exams {

enum class ExamState { kDraft, kPublished, kClosed };
// "DRAFT", "PUBLISHED", "CLOSED" (API.md and the database); nullopt for others.
std::string_view exam_state_name(ExamState state);
std::optional<ExamState> parse_exam_state(std::string_view name);

// An exam's times, or the times that apply to one student (times_for).
struct ExamTimes {
  std::optional<core::Timestamp> opens_at;
  std::optional<core::Timestamp> closes_at;
  std::optional<int> time_limit_minutes;  // nullopt: no time limit
  int max_attempts = 1;
};

// Set once per student per course; applies to every exam of the course.
struct Accommodation {
  double time_multiplier = 1;  // 1..5, two decimals at most
  int extra_minutes = 0;
  bool extend_past_close = false;
};

// One exam, one student: a field that is set replaces the exam's.
struct Override {
  std::optional<core::Timestamp> opens_at;
  std::optional<core::Timestamp> closes_at;
  std::optional<int> max_attempts;
  std::optional<int> time_limit_minutes;
};

// The exam's times as they apply to one student.
ExamTimes times_for(const ExamTimes& exam, const std::optional<Override>& override);

// The time an accommodation adds to an attempt: its extra minutes plus the
// multiplier's added share of the time limit ((multiplier − 1) × limit),
// rounded to the nearest second. Without a time limit the multiplier has
// nothing to scale, so only the extra minutes count.
std::chrono::microseconds added_time(std::optional<int> time_limit_minutes,
                                     const Accommodation& accommodation);

// An attempt's deadline (API.md): start + limit × multiplier + extra minutes,
// no later than closesAt. With extend_past_close, no later than closesAt plus
// added_time(): a student who starts so late that the close cuts their time
// short still gets all of their extra time after it, as a student who started
// early enough does. No time limit: closesAt alone (plus the extra minutes
// with extend_past_close). Neither: nullopt, no deadline.
std::optional<core::Timestamp> deadline(core::Timestamp started, const ExamTimes& times,
                                        const Accommodation& accommodation);

// The deadline of an attempt in progress after its accommodation or override
// changed: never sooner than `granted`, the deadline stored with it (nullopt:
// none, and then it keeps none).
std::optional<core::Timestamp> recomputed_deadline(core::Timestamp started,
                                                   std::optional<core::Timestamp> granted,
                                                   const ExamTimes& times,
                                                   const Accommodation& accommodation);

// Whether a student may start an attempt at `now` (`times` already
// times_for): nullopt, or why not, as a 409's detail, checked in this order:
// "the exam is not published" (a draft), "the exam closed at …" (at or after
// closesAt), "the exam is closed" (CLOSED by a teacher before closesAt, or
// before this student's later close), "the exam opens at …", "no attempts
// left (2 of 2 used)". Open from opensAt (inclusive) to closesAt (exclusive).
std::optional<std::string> start_refusal(ExamState state, const ExamTimes& times, int attempts_used,
                                         core::Timestamp now);

// Answers in flight when the deadline passes are still taken for a short grace.
inline constexpr std::chrono::seconds kAnswerGrace{10};
// now <= deadline + kAnswerGrace; always without a deadline.
bool accepts_answers(std::optional<core::Timestamp> deadline, core::Timestamp now);
// now > deadline: the attempt is submitted by the service. Never without one.
bool is_overdue(std::optional<core::Timestamp> deadline, core::Timestamp now);

// The field errors (422) of an accommodation: timeMultiplier 1..5 with two
// decimals at most, extraMinutes 0..10080 (a week). Empty when valid.
std::vector<core::FieldError> accommodation_errors(const Accommodation& accommodation);
// The field errors of an exam's own times: timeLimitMinutes 1..10080,
// maxAttempts 1..100, opensAt before closesAt (named "closesAt").
std::vector<core::FieldError> exam_times_errors(const ExamTimes& times);
// The field errors of an override of `exam`: its limits as above, and the
// times it leaves the student (override over exam) opening before closing.
std::vector<core::FieldError> override_errors(const Override& override, const ExamTimes& exam);

}  // namespace classroom::exams
