#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "services/exams/domain/question.hpp"

namespace classroom::exams {

// `count` questions drawn at random from the bank's questions tagged `tag`,
// fixed for each attempt at its start, each worth `points_each`.
struct Draw {
  std::string tag;
  int count = 0;
  double points_each = 0;
};

// A part of an exam: its own questions, or a draw from the bank.
struct Section {
  std::string title;
  std::vector<Question> questions;
  std::optional<Draw> draw;
};

inline constexpr std::size_t kMaxSections = 50;
inline constexpr std::size_t kMaxQuestions = 500;  // in an exam, drawn ones included
inline constexpr int kMaxDraw = 100;
inline constexpr std::size_t kTitleMax = 200;
inline constexpr std::size_t kDescriptionMax = 20000;
inline constexpr std::size_t kTagMax = 100;
inline constexpr int kMaxTimeLimitMinutes = 7 * 24 * 60;
inline constexpr int kMaxAttempts = 100;

// What a student can earn, in hundredths (exact): inline questions' points
// and, for each draw, count × points each.
std::int64_t max_points(std::span<const Section> sections);
// Questions an attempt holds: inline ones and drawn ones.
std::size_t question_count(std::span<const Section> sections);

// Rules the sections keep whenever they are saved (a 422's field errors,
// named `sections[i]…`): bounded sizes, question ids unique in the exam,
// a draw of 1..kMaxDraw questions from a non-empty tag, points ≥ 0.
std::vector<core::FieldError> section_problems(std::span<const Section> sections);

// What stands in the way of publishing: no question at all, or a draw from a
// tag that holds fewer questions than it draws (`tagged(tag)` counts them).
std::vector<core::FieldError> publish_problems(
    std::span<const Section> sections, const std::function<int(const std::string& tag)>& tagged);

}  // namespace classroom::exams
