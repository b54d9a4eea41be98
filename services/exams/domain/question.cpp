#include "services/exams/domain/question.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "services/exams/domain/grading.hpp"

namespace classroom::exams {

namespace {

constexpr std::array<std::string_view, 8> kTypeNames{
    "SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE", "SHORT_TEXT",
    "NUMERIC",       "MATCHING",        "ORDERING",   "ESSAY"};

// The field errors of one question, named under its path.
class Problems {
 public:
  explicit Problems(const std::string& field) : field_(field) {}

  void add(std::string_view name, std::string message) {
    out_.push_back(core::FieldError{field_path(field_, name), std::move(message)});
  }
  // A text a teacher writes: not blank, held to core's text rule of `kind`
  // (which also keeps out NUL, that PostgreSQL's jsonb cannot hold), at most
  // `max` characters.
  bool check_text(std::string_view name, std::string_view text, std::size_t max,
                  core::TextKind kind = core::TextKind::kText) {
    if (core::trim_text(text).empty()) {
      add(name, "must not be empty");
    } else if (auto fault = core::text_fault(text, kind)) {
      add(name, std::move(*fault));
    } else if (core::code_points(text) > max) {
      add(name, "must be at most " + std::to_string(max) + " characters");
    } else {
      return true;
    }
    return false;
  }
  void check_count(std::string_view name, std::size_t count, std::size_t min, std::size_t max) {
    if (count < min || count > max) {
      add(name,
          "must have from " + std::to_string(min) + " to " + std::to_string(max) + " entries");
    }
  }
  std::size_t count() const { return out_.size(); }
  std::vector<core::FieldError> take() { return std::move(out_); }

 private:
  const std::string& field_;
  std::vector<core::FieldError> out_;
};

void check_options(Problems& p, std::string_view name, const std::vector<Option>& options,
                   std::size_t min) {
  p.check_count(name, options.size(), min, kMaxOptions);
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < options.size(); ++i) {
    std::string at = indexed_path(name, i);
    if (p.check_text(at + ".id", options[i].id, kMaxOptionIdChars, core::TextKind::kName) &&
        !ids.insert(options[i].id).second) {
      p.add(at + ".id", "must be unique: another one has this id");
    }
    p.check_text(at + ".text", options[i].text, kMaxOptionTextChars);
  }
}

// `correct` naming options by id: each one of `options`, none twice.
void check_chosen(Problems& p, const std::vector<std::string>& correct,
                  const std::vector<Option>& options, std::string_view what) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < correct.size(); ++i) {
    if (!has_option(options, correct[i])) {
      p.add(indexed_path("correct", i), "must be the id of one of the " + std::string(what));
    } else if (!seen.insert(correct[i]).second) {
      p.add(indexed_path("correct", i), "names the same one twice");
    }
  }
}

void check_body(Problems& p, const SingleChoice& q) {
  check_options(p, "options", q.options, 2);
  if (!has_option(q.options, q.correct)) {
    p.add("correct", "must be the id of one of the options");
  }
}

void check_body(Problems& p, const MultipleChoice& q) {
  check_options(p, "options", q.options, 2);
  if (q.correct.empty()) {
    p.add("correct", "must name at least one option");
  }
  check_chosen(p, q.correct, q.options, "options");
}

void check_body(Problems& /*p*/, const TrueFalse& /*q*/) {}

void check_body(Problems& p, const ShortText& q) {
  if (q.accepted.empty() && !q.pattern) {
    p.add("accepted", "give at least one accepted answer, or a pattern");
  }
  p.check_count("accepted", q.accepted.size(), 0, kMaxAccepted);
  for (std::size_t i = 0; i < q.accepted.size(); ++i) {
    p.check_text(indexed_path("accepted", i), q.accepted[i], kMaxAcceptedChars);
  }
  if (q.pattern && p.check_text("pattern", *q.pattern, kMaxPatternChars)) {
    if (auto why = pattern_error(*q.pattern, q.case_sensitive)) {
      p.add("pattern", "is not a usable RE2 pattern: " + *why);
    }
  }
}

void check_body(Problems& p, const Numeric& q) {
  if (!std::isfinite(q.value)) {
    p.add("value", "must be a finite number");
  }
  if (!std::isfinite(q.tolerance) || q.tolerance < 0) {
    p.add("tolerance", "must be a finite number, at least 0");
  }
}

void check_body(Problems& p, const Matching& q) {
  check_options(p, "prompts", q.prompts, 1);
  check_options(p, "choices", q.choices, 2);
  std::set<std::string_view> matched;
  for (const auto& [prompt, choice] : q.correct) {
    std::string at = "correct." + prompt;
    if (!has_option(q.prompts, prompt)) {
      p.add(at, "is not the id of one of the prompts");
    } else if (!matched.insert(prompt).second) {
      p.add(at, "has more than one choice");
    } else if (!has_option(q.choices, choice)) {
      p.add(at, "must be the id of one of the choices");
    }
  }
  for (const auto& prompt : q.prompts) {
    if (!matched.contains(prompt.id) && !prompt.id.empty()) {
      p.add("correct." + prompt.id, "is required: every prompt has its right choice");
    }
  }
}

void check_body(Problems& p, const Ordering& q) {
  check_options(p, "items", q.items, 2);
  std::size_t before = p.count();
  check_chosen(p, q.correct, q.items, "items");
  // Named once: an unknown or repeated id already says what is wrong.
  if (p.count() == before && q.correct.size() != q.items.size()) {
    p.add("correct", "must list each of the " + std::to_string(q.items.size()) + " items once");
  }
}

void check_body(Problems& p, const Essay& q) {
  if (q.max_words && (*q.max_words < 1 || *q.max_words > kMaxEssayWords)) {
    p.add("maxWords", "must be from 1 to " + std::to_string(kMaxEssayWords));
  }
}

}  // namespace

std::string_view type_name(QuestionType type) { return kTypeNames.at(static_cast<int>(type)); }

std::optional<QuestionType> parse_question_type(std::string_view name) {
  auto it = std::find(kTypeNames.begin(), kTypeNames.end(), name);
  if (it == kTypeNames.end()) {
    return std::nullopt;
  }
  return static_cast<QuestionType>(it - kTypeNames.begin());
}

QuestionType Question::type() const { return static_cast<QuestionType>(body.index()); }

std::string field_path(const std::string& field, std::string_view name) {
  return field.empty() ? std::string(name) : field + "." + std::string(name);
}

std::string indexed_path(std::string_view name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

bool has_option(const std::vector<Option>& options, std::string_view id) {
  return std::any_of(options.begin(), options.end(), [&](const Option& o) { return o.id == id; });
}

bool valid_points(double points) {
  if (!std::isfinite(points) || points < 0 || points > kMaxQuestionPoints) {
    return false;
  }
  double scaled = points * 100;
  // 0.1 * 100 is 10.000000000000002: allow for binary fractions, not for a third decimal.
  return std::fabs(scaled - std::round(scaled)) <= 1e-9 * std::max(1.0, scaled);
}

std::vector<core::FieldError> question_problems(const Question& question,
                                                const std::string& field) {
  Problems p(field);
  if (!core::is_uuid(question.id)) {
    p.add("id", "must be a UUID");
  }
  p.check_text("prompt", question.prompt, kMaxPromptChars);
  if (!valid_points(question.points)) {
    p.add("points", "must be from 0 to " + std::to_string(static_cast<int>(kMaxQuestionPoints)) +
                        " with two decimals at most");
  }
  p.check_count("tags", question.tags.size(), 0, kMaxTags);
  std::set<std::string_view> tags;
  for (std::size_t i = 0; i < question.tags.size(); ++i) {
    if (p.check_text(indexed_path("tags", i), question.tags[i], kMaxTagChars,
                     core::TextKind::kName) &&
        !tags.insert(question.tags[i]).second) {
      p.add(indexed_path("tags", i), "is there twice");
    }
  }
  std::visit([&](const auto& body) { check_body(p, body); }, question.body);
  return p.take();
}

}  // namespace classroom::exams
