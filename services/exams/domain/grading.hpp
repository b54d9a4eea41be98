#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "services/exams/domain/question.hpp"

// Automatic grading of one answer, as API.md's table scores each type.
namespace classroom::exams {

struct Grade {
  double points = 0;
  bool needs_teacher = false;  // an essay with an answer: its points are the teacher's

  bool operator==(const Grade&) const = default;
};

// `answer` against `question`'s key, points rounded to hundredths. An answer
// of another type than the question's (an answer parsed for an earlier
// version of it) earns nothing, as does a blank text. An essay that is not
// blank needs a teacher and has 0 points until then.
Grade grade(const Question& question, const Answer& answer);
// A question the student did not answer: 0 points, nothing for a teacher.
Grade grade_unanswered(const Question& question);
// To hundredths, half away from zero (2.675 -> 2.68, as it reads, although
// the double nearest 2.675 lies just below it).
double round_points(double points);

// A short-text answer as it is compared: without whitespace at either end,
// every run of whitespace one space. Whitespace is ASCII's and Unicode's
// spaces (no-break space, ideographic space, ...), so that an answer typed on
// a phone matches.
std::string normalize_text(std::string_view text);
// Words of an essay: runs of characters between whitespace (as above).
std::size_t word_count(std::string_view text);
// Whether a short-text answer matches an accepted text or the pattern (in
// full), both after normalize_text. Without caseSensitive, letters match
// their other case by Unicode simple case folding (RE2's): "ÄRGER" matches
// "ärger", "ΣΟΦΊΑ" matches "σοφία"; there is no full folding ("STRASSE" does
// not match "straße") and no Unicode normalization (a precomposed "é" does
// not match "e" and a combining accent).
bool short_text_matches(const ShortText& key, std::string_view answer);
// Why `pattern` cannot be a short-text pattern (RE2's reason: bad syntax, or
// more memory than a pattern may use), or nullopt when it can.
std::optional<std::string> pattern_error(std::string_view pattern, bool case_sensitive);

}  // namespace classroom::exams
