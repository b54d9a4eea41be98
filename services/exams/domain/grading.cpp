#include "services/exams/domain/grading.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <set>

#include "core/text.hpp"

namespace classroom::exams {

namespace {

// What RE2 may use for one pattern (its default is 8 MiB). A pattern needing
// more does not compile, so it is refused when the teacher writes it; a
// pattern that compiled matches in time linear in the answer.
constexpr std::int64_t kPatternMaxMemory = 1 << 20;

RE2::Options re2_options(bool case_sensitive, bool literal) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_max_mem(kPatternMaxMemory);
  options.set_log_errors(false);  // an invalid pattern is the teacher's 422, not a log line
  options.set_case_sensitive(case_sensitive);
  options.set_literal(literal);
  return options;
}

// The length in bytes of the whitespace character at the start of `s`, or 0.
// Boost.JSON has checked that the text is UTF-8.
std::size_t space_at(std::string_view s) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  if (s.empty()) {
    return 0;
  }
  if (byte(0) < 0x80) {
    return std::string_view(" \t\n\v\f\r").find(s[0]) != std::string_view::npos ? 1 : 0;
  }
  if (s.size() >= 2 && byte(0) == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) {
    return 2;  // next line, no-break space
  }
  if (s.size() < 3) {
    return 0;
  }
  unsigned code = ((byte(0) & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
  bool three_bytes = (byte(0) & 0xF0) == 0xE0;
  bool space = code == 0x1680 || (code >= 0x2000 && code <= 0x200A) || code == 0x2028 ||
               code == 0x2029 || code == 0x202F || code == 0x205F || code == 0x3000;
  return three_bytes && space ? 3 : 0;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Both normalized.
bool same_text(std::string_view accepted, std::string_view answer, bool case_sensitive) {
  if (case_sensitive) {
    return accepted == answer;
  }
  if (is_ascii(accepted) && is_ascii(answer)) {
    return core::ascii_lower(accepted) == core::ascii_lower(answer);
  }
  RE2 literal(accepted, re2_options(false, true));
  return literal.ok() && RE2::FullMatch(answer, literal);
}

// `points` × numerator / denominator, to hundredths, half away from zero, in
// integers so that no binary fraction tips a half the wrong way.
double share(double points, std::int64_t numerator, std::int64_t denominator) {
  if (numerator <= 0 || denominator <= 0) {
    return 0;
  }
  std::int64_t hundredths = std::llround(points * 100);
  std::int64_t earned = (2 * hundredths * numerator + denominator) / (2 * denominator);
  return static_cast<double>(earned) / 100;
}

Grade all_or_nothing(double points, bool right) { return Grade{right ? round_points(points) : 0}; }

template <class T>
const T* as(const Answer& answer) {
  return std::get_if<T>(&answer);
}

Grade score(const SingleChoice& key, const Answer& answer, double points) {
  const auto* chosen = as<std::string>(answer);
  return all_or_nothing(points, chosen != nullptr && *chosen == key.correct);
}

Grade score(const MultipleChoice& key, const Answer& answer, double points) {
  const auto* chosen = as<std::vector<std::string>>(answer);
  if (chosen == nullptr) {
    return {};
  }
  std::set<std::string_view> correct(key.correct.begin(), key.correct.end());
  std::set<std::string_view> picked(chosen->begin(), chosen->end());
  auto right = static_cast<std::int64_t>(std::count_if(
      picked.begin(), picked.end(), [&](std::string_view id) { return correct.contains(id); }));
  auto wrong = static_cast<std::int64_t>(picked.size()) - right;
  auto needed = static_cast<std::int64_t>(correct.size());
  if (key.scoring == MultipleScoring::kAllOrNothing) {
    return all_or_nothing(points, needed > 0 && right == needed && wrong == 0);
  }
  return Grade{share(points, right - wrong, needed)};
}

Grade score(const TrueFalse& key, const Answer& answer, double points) {
  const auto* chosen = as<bool>(answer);
  return all_or_nothing(points, chosen != nullptr && *chosen == key.correct);
}

Grade score(const ShortText& key, const Answer& answer, double points) {
  const auto* text = as<std::string>(answer);
  return all_or_nothing(points, text != nullptr && short_text_matches(key, *text));
}

Grade score(const Numeric& key, const Answer& answer, double points) {
  const auto* number = as<double>(answer);
  if (number == nullptr || !std::isfinite(*number)) {
    return {};
  }
  // 3.15 - 3.14 is 0.010000000000000231: a difference at the tolerance, up
  // to the rounding of the subtraction, is within it.
  double slack = 4 * DBL_EPSILON * std::max({std::fabs(*number), std::fabs(key.value), 1.0});
  return all_or_nothing(points, std::fabs(*number - key.value) <= key.tolerance + slack);
}

Grade score(const Matching& key, const Answer& answer, double points) {
  const auto* pairs = as<std::vector<std::pair<std::string, std::string>>>(answer);
  if (pairs == nullptr) {
    return {};
  }
  std::int64_t right = 0;
  for (const auto& right_pair : key.correct) {
    auto given = std::find_if(pairs->begin(), pairs->end(),
                              [&](const auto& pair) { return pair.first == right_pair.first; });
    right += given != pairs->end() && given->second == right_pair.second ? 1 : 0;
  }
  return Grade{share(points, right, static_cast<std::int64_t>(key.prompts.size()))};
}

Grade score(const Ordering& key, const Answer& answer, double points) {
  const auto* order = as<std::vector<std::string>>(answer);
  return all_or_nothing(points, order != nullptr && !order->empty() && *order == key.correct);
}

Grade score(const Essay& /*key*/, const Answer& answer, double /*points*/) {
  const auto* text = as<std::string>(answer);
  return Grade{0, text != nullptr && !normalize_text(*text).empty()};
}

}  // namespace

Grade grade(const Question& question, const Answer& answer) {
  return std::visit([&](const auto& key) { return score(key, answer, question.points); },
                    question.body);
}

Grade grade_unanswered(const Question& /*question*/) { return {}; }

double round_points(double points) {
  double scaled = points * 100;
  // Nudged away from zero by far less than a hundredth of a point, so that a
  // half that binary cannot hold exactly (267.49999999999997) rounds up.
  double nudge = std::copysign(1e-9 * std::max(1.0, std::fabs(scaled)), scaled);
  return std::round(scaled + nudge) / 100;
}

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  while (!text.empty()) {
    if (std::size_t n = space_at(text); n > 0) {
      pending_space = !out.empty();
      text.remove_prefix(n);
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(text.front());
    text.remove_prefix(1);
  }
  return out;
}

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  while (!text.empty()) {
    std::size_t n = space_at(text);
    if (n == 0 && !in_word) {
      ++words;
    }
    in_word = n == 0;
    text.remove_prefix(std::max<std::size_t>(n, 1));
  }
  return words;
}

bool short_text_matches(const ShortText& key, std::string_view answer) {
  std::string text = normalize_text(answer);
  if (text.empty()) {
    return false;  // nothing earns points, whatever the pattern would match
  }
  for (const auto& accepted : key.accepted) {
    if (same_text(normalize_text(accepted), text, key.case_sensitive)) {
      return true;
    }
  }
  if (!key.pattern) {
    return false;
  }
  RE2 pattern(*key.pattern, re2_options(key.case_sensitive, false));
  return pattern.ok() && RE2::FullMatch(text, pattern);
}

std::optional<std::string> pattern_error(std::string_view pattern, bool case_sensitive) {
  RE2 compiled(pattern, re2_options(case_sensitive, false));
  if (compiled.ok()) {
    return std::nullopt;
  }
  return compiled.error();
}

}  // namespace classroom::exams
