#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/errors.hpp"

// The eight question types an exam is made of, with their answer keys, and
// the rules a teacher's question must keep (API.md, "exams").
namespace classroom::exams {

enum class QuestionType {
  kSingleChoice,
  kMultipleChoice,
  kTrueFalse,
  kShortText,
  kNumeric,
  kMatching,
  kOrdering,
  kEssay
};
// "SINGLE_CHOICE", "MULTIPLE_CHOICE", ...: the API's names.
std::string_view type_name(QuestionType type);
std::optional<QuestionType> parse_question_type(std::string_view name);

// What one question may hold. Characters are counted as code points.
inline constexpr std::size_t kMaxPromptChars = 20'000;
inline constexpr std::size_t kMaxOptionTextChars = 2'000;
inline constexpr std::size_t kMaxOptionIdChars = 100;
inline constexpr std::size_t kMaxOptions = 100;  // options, prompts, choices, items
inline constexpr std::size_t kMaxAccepted = 100;
inline constexpr std::size_t kMaxAcceptedChars = 2'000;
inline constexpr std::size_t kMaxPatternChars = 1'000;
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTagChars = 100;
inline constexpr double kMaxQuestionPoints = 10'000;
// What a student may write: an essay (API.md), or a short text, which no
// accepted answer longer than kMaxAcceptedChars could match anyway.
inline constexpr std::size_t kMaxEssayChars = 50'000;
inline constexpr std::size_t kMaxShortTextAnswerChars = 2'000;
// An essay of kMaxEssayChars holds at most this many words.
inline constexpr int kMaxEssayWords = 25'000;

// An option of a choice question, a prompt or choice of a matching question,
// an item to order. Ids are the client's, unique within their list.
struct Option {
  std::string id;
  std::string text;

  bool operator==(const Option&) const = default;
};

enum class MultipleScoring { kAllOrNothing, kPartial };

struct SingleChoice {
  std::vector<Option> options;
  std::string correct;  // an option id

  bool operator==(const SingleChoice&) const = default;
};
struct MultipleChoice {
  std::vector<Option> options;
  std::vector<std::string> correct;
  MultipleScoring scoring = MultipleScoring::kAllOrNothing;

  bool operator==(const MultipleChoice&) const = default;
};
struct TrueFalse {
  bool correct = false;

  bool operator==(const TrueFalse&) const = default;
};
// Accepted texts are compared as normalize_text() (grading.hpp) leaves them;
// a pattern is RE2 syntax, matched in full against the normalized answer.
// caseSensitive applies to both.
struct ShortText {
  std::vector<std::string> accepted;
  bool case_sensitive = false;
  std::optional<std::string> pattern;

  bool operator==(const ShortText&) const = default;
};
struct Numeric {
  double value = 0;
  double tolerance = 0;  // absolute

  bool operator==(const Numeric&) const = default;
};
struct Matching {
  std::vector<Option> prompts;
  std::vector<Option> choices;  // more choices than prompts, or one for several, is fine
  std::vector<std::pair<std::string, std::string>> correct;  // promptId -> choiceId

  bool operator==(const Matching&) const = default;
};
struct Ordering {
  std::vector<Option> items;  // as authored, which may be the right order: shuffle to show
  std::vector<std::string> correct;

  bool operator==(const Ordering&) const = default;
};
struct Essay {
  std::optional<int> max_words;

  bool operator==(const Essay&) const = default;
};

// In QuestionType's order.
using QuestionBody = std::variant<SingleChoice, MultipleChoice, TrueFalse, ShortText, Numeric,
                                  Matching, Ordering, Essay>;

struct Question {
  std::string id;  // uuid
  std::string prompt;
  double points = 1;  // >= 0, at most 2 decimals
  QuestionBody body;
  std::vector<std::string> tags;  // bank questions; empty inline

  QuestionType type() const;
  bool operator==(const Question&) const = default;
};

// Every rule a question's key must keep, as 422 field errors named under
// `field` (e.g. "sections[0].questions[1].correct"; an empty `field` names
// them bare: "correct"); empty when valid.
std::vector<core::FieldError> question_problems(const Question& question, const std::string& field);

// Points a question, or a teacher's grade, may be: finite, from 0 to
// kMaxQuestionPoints, two decimals at most.
bool valid_points(double points);

// `name` under `field`: "field.name", or "name" when `field` is empty.
std::string field_path(const std::string& field, std::string_view name);
// The `i`th of `name`: "name[i]".
std::string indexed_path(std::string_view name, std::size_t i);
// Whether one of `options` has this id.
bool has_option(const std::vector<Option>& options, std::string_view id);

// A student's answer, typed by the question: SINGLE_CHOICE option id or
// SHORT_TEXT/ESSAY text (std::string), MULTIPLE_CHOICE/ORDERING ids
// (std::vector<std::string>), TRUE_FALSE (bool), NUMERIC (double), MATCHING
// pairs (std::vector<std::pair<std::string,std::string>>, promptId -> choiceId).
using Answer = std::variant<std::string, std::vector<std::string>, bool, double,
                            std::vector<std::pair<std::string, std::string>>>;

}  // namespace classroom::exams
