#include "services/exams/question_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "services/exams/domain/grading.hpp"

namespace classroom::exams {

namespace json = boost::json;

namespace {

[[noreturn]] void refuse(std::vector<core::FieldError> problems) {
  std::string detail;
  for (const auto& p : problems) {
    detail += (detail.empty() ? "" : "; ") + p.field + ": " + p.message;
  }
  throw core::Error(core::ErrorCode::kInvalidArgument, std::move(detail), std::move(problems));
}

// An object's members read by name: each one read is known, the others are
// refused at the end; problems of every kind go to one list.
class Reader {
 public:
  Reader(const json::object& object, std::string field, std::vector<core::FieldError>& problems)
      : object_(object), field_(std::move(field)), problems_(problems) {}

  std::string path(std::string_view name) const { return field_path(field_, name); }
  void problem(std::string field, std::string message) {
    problems_.push_back(core::FieldError{std::move(field), std::move(message)});
  }
  // The member, or nullptr when it is absent or null (a problem if `required`).
  const json::value* member(std::string_view name, bool required) {
    known_.push_back(name);
    const json::value* v = object_.if_contains(name);
    if (v != nullptr && !v->is_null()) {
      return v;
    }
    if (required) {
      problem(path(name), "is required");
    }
    return nullptr;
  }
  void refuse_unknown(std::string_view what) {
    for (const auto& m : object_) {
      if (std::find(known_.begin(), known_.end(), m.key()) == known_.end()) {
        problem(path(m.key()), "is not a field of " + std::string(what));
      }
    }
  }
  std::vector<core::FieldError>& problems() { return problems_; }

 private:
  const json::object& object_;
  std::string field_;
  std::vector<core::FieldError>& problems_;
  std::vector<std::string_view> known_;
};

std::optional<std::string> as_string(Reader& r, const json::value* v, const std::string& path) {
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_string()) {
    r.problem(path, "must be a string");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::string text(Reader& r, std::string_view name) {
  auto value = as_string(r, r.member(name, true), r.path(name));
  return value ? std::string(core::trim(*value)) : std::string();
}

std::optional<std::string> optional_string(Reader& r, std::string_view name) {
  return as_string(r, r.member(name, false), r.path(name));
}

// An id, as given.
std::string required_id(Reader& r, std::string_view name) {
  return as_string(r, r.member(name, true), r.path(name)).value_or("");
}

double number(Reader& r, std::string_view name, std::optional<double> fallback) {
  const json::value* v = r.member(name, !fallback);
  if (v == nullptr) {
    return fallback.value_or(0);
  }
  if (!v->is_number() || !std::isfinite(v->to_number<double>())) {
    r.problem(r.path(name), "must be a finite number");
    return 0;
  }
  return v->to_number<double>();
}

bool boolean(Reader& r, std::string_view name, std::optional<bool> fallback) {
  const json::value* v = r.member(name, !fallback);
  if (v == nullptr) {
    return fallback.value_or(false);
  }
  if (!v->is_bool()) {
    r.problem(r.path(name), "must be true or false");
    return false;
  }
  return v->get_bool();
}

std::optional<int> optional_int(Reader& r, std::string_view name) {
  const json::value* v = r.member(name, false);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_int64() && !v->is_uint64()) {
    r.problem(r.path(name), "must be an integer");
    return std::nullopt;
  }
  // Beyond an int is beyond any limit: the rules say which.
  auto clamped =
      v->is_uint64() ? INT32_MAX : std::clamp<std::int64_t>(v->get_int64(), INT32_MIN, INT32_MAX);
  return static_cast<int>(clamped);
}

const json::array* array(Reader& r, std::string_view name, bool required) {
  const json::value* v = r.member(name, required);
  if (v != nullptr && !v->is_array()) {
    r.problem(r.path(name), "must be an array");
    return nullptr;
  }
  return v == nullptr ? nullptr : &v->get_array();
}

std::vector<std::string> strings(Reader& r, std::string_view name, bool required) {
  std::vector<std::string> out;
  const json::array* a = array(r, name, required);
  for (std::size_t i = 0; a != nullptr && i < a->size(); ++i) {
    out.push_back(as_string(r, &(*a)[i], indexed_path(r.path(name), i)).value_or(""));
  }
  return out;
}

std::vector<Option> options(Reader& r, std::string_view name) {
  std::vector<Option> out;
  const json::array* a = array(r, name, true);
  for (std::size_t i = 0; a != nullptr && i < a->size(); ++i) {
    std::string at = indexed_path(r.path(name), i);
    if (!(*a)[i].is_object()) {
      r.problem(at, "must be an object {id, text}");
      out.emplace_back();  // keeps the count, and the rules say nothing more of it
      continue;
    }
    Reader option((*a)[i].get_object(), at, r.problems());
    auto id = optional_string(option, "id");
    out.push_back(Option{id ? *id : core::new_uuid(), text(option, "text")});
    option.refuse_unknown("an option");
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> pairs(Reader& r, std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;
  const json::value* v = r.member(name, true);
  if (v != nullptr && !v->is_object()) {
    r.problem(r.path(name), "must be an object {promptId: choiceId}");
  } else if (v != nullptr) {
    for (const auto& m : v->get_object()) {
      auto choice = as_string(r, &m.value(), r.path(name) + "." + std::string(m.key()));
      out.emplace_back(m.key(), choice.value_or(""));
    }
  }
  return out;
}

MultipleScoring scoring(Reader& r) {
  auto name = optional_string(r, "scoring");
  if (!name || *name == "ALL_OR_NOTHING") {
    return MultipleScoring::kAllOrNothing;
  }
  if (*name != "PARTIAL") {
    r.problem(r.path("scoring"), "must be ALL_OR_NOTHING or PARTIAL");
  }
  return MultipleScoring::kPartial;
}

QuestionBody read_body(QuestionType type, Reader& r) {
  switch (type) {
    case QuestionType::kSingleChoice: {
      auto opts = options(r, "options");
      return SingleChoice{std::move(opts), required_id(r, "correct")};
    }
    case QuestionType::kMultipleChoice: {
      auto opts = options(r, "options");
      auto correct = strings(r, "correct", true);
      return MultipleChoice{std::move(opts), std::move(correct), scoring(r)};
    }
    case QuestionType::kTrueFalse:
      return TrueFalse{boolean(r, "correct", std::nullopt)};
    case QuestionType::kShortText: {
      auto accepted = strings(r, "accepted", false);
      bool case_sensitive = boolean(r, "caseSensitive", false);
      return ShortText{std::move(accepted), case_sensitive, optional_string(r, "pattern")};
    }
    case QuestionType::kNumeric: {
      double value = number(r, "value", std::nullopt);
      return Numeric{value, number(r, "tolerance", 0.0)};
    }
    case QuestionType::kMatching: {
      auto prompts = options(r, "prompts");
      auto choices = options(r, "choices");
      return Matching{std::move(prompts), std::move(choices), pairs(r, "correct")};
    }
    case QuestionType::kOrdering: {
      auto items = options(r, "items");
      return Ordering{std::move(items), strings(r, "correct", true)};
    }
    case QuestionType::kEssay:
      return Essay{optional_int(r, "maxWords")};
  }
  return Essay{};
}

std::optional<QuestionType> read_type(Reader& r) {
  auto name = as_string(r, r.member("type", true), r.path("type"));
  if (!name) {
    return std::nullopt;
  }
  auto type = parse_question_type(*name);
  if (!type) {
    r.problem(r.path("type"),
              "must be one of SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE, "
              "SHORT_TEXT, NUMERIC, MATCHING, ORDERING, ESSAY");
  }
  return type;
}

// Whether `field` is `reported` or lies within it ("options[1].id" within "options[1]").
bool within(const std::string& field, const std::string& reported) {
  return field.starts_with(reported) &&
         (field.size() == reported.size() || field[reported.size()] == '.' ||
          field[reported.size()] == '[');
}

// A number as JSON: whole numbers as integers ("2", not "2.0e0").
json::value number_value(double x) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (std::trunc(x) == x && std::fabs(x) < kExactIntegers) {
    return static_cast<std::int64_t>(x);
  }
  return x;
}

json::array strings_value(const std::vector<std::string>& texts) {
  return json::array(texts.begin(), texts.end());
}

json::array options_value(const std::vector<Option>& options) {
  json::array out;
  for (const auto& o : options) {
    out.push_back(json::object{{"id", o.id}, {"text", o.text}});
  }
  return out;
}

json::object pairs_value(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json::object out;
  for (const auto& [prompt, choice] : pairs) {
    out[prompt] = choice;
  }
  return out;
}

json::value optional_value(const auto& v) {
  if (!v) {
    return nullptr;
  }
  return json::value(*v);
}

// The body's members: its options always, its key only `with_key`.
void write_body(json::object& out, const QuestionBody& body, bool with_key) {
  auto key = [&](std::string_view name, json::value v) {
    if (with_key) {
      out[name] = std::move(v);
    }
  };
  std::visit(
      [&](const auto& q) {
        using T = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<T, SingleChoice>) {
          out["options"] = options_value(q.options);
          key("correct", json::value(q.correct));
        } else if constexpr (std::is_same_v<T, MultipleChoice>) {
          out["options"] = options_value(q.options);
          key("correct", strings_value(q.correct));
          out["scoring"] = q.scoring == MultipleScoring::kPartial ? "PARTIAL" : "ALL_OR_NOTHING";
        } else if constexpr (std::is_same_v<T, TrueFalse>) {
          key("correct", q.correct);
        } else if constexpr (std::is_same_v<T, ShortText>) {
          key("accepted", strings_value(q.accepted));
          key("caseSensitive", q.case_sensitive);
          key("pattern", optional_value(q.pattern));
        } else if constexpr (std::is_same_v<T, Numeric>) {
          key("value", number_value(q.value));
          key("tolerance", number_value(q.tolerance));
        } else if constexpr (std::is_same_v<T, Matching>) {
          out["prompts"] = options_value(q.prompts);
          out["choices"] = options_value(q.choices);
          key("correct", pairs_value(q.correct));
        } else if constexpr (std::is_same_v<T, Ordering>) {
          out["items"] = options_value(q.items);
          key("correct", strings_value(q.correct));
        } else {
          out["maxWords"] = optional_value(q.max_words);
        }
      },
      body);
}

// Reading answers: the first problem is the answer's 422.
[[noreturn]] void wrong(const std::string& field, std::string message) {
  throw core::invalid_field(field, std::move(message));
}

std::string answer_text(const json::value& v, const std::string& field, std::size_t max) {
  if (!v.is_string()) {
    wrong(field, "must be a string");
  }
  std::string_view text = v.get_string();
  if (text.find('\0') != std::string_view::npos) {
    wrong(field, "must not contain NUL characters");
  }
  if (core::code_points(text) > max) {
    wrong(field, "must be at most " + std::to_string(max) + " characters");
  }
  return std::string(text);
}

std::string option_id(const json::value& v, const std::string& field,
                      const std::vector<Option>& options, std::string_view what) {
  if (!v.is_string()) {
    wrong(field, "must be the id of one of the " + std::string(what));
  }
  std::string id(v.get_string());
  if (!has_option(options, id)) {
    wrong(field, "is not the id of one of the " + std::string(what));
  }
  return id;
}

// Distinct ids of `options`.
std::vector<std::string> option_ids(const json::value& v, const std::string& field,
                                    const std::vector<Option>& options, std::string_view what) {
  if (!v.is_array()) {
    wrong(field, "must be an array of ids of the " + std::string(what));
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.get_array().size(); ++i) {
    std::string id = option_id(v.get_array()[i], indexed_path(field, i), options, what);
    if (std::find(out.begin(), out.end(), id) != out.end()) {
      wrong(indexed_path(field, i), "names the same one twice");
    }
    out.push_back(std::move(id));
  }
  return out;
}

Answer matching_answer(const Matching& q, const json::value& v, const std::string& field) {
  if (!v.is_object()) {
    wrong(field, "must be an object {promptId: choiceId}");
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& m : v.get_object()) {
    std::string at = field + "." + std::string(m.key());
    if (!has_option(q.prompts, m.key())) {
      wrong(at, "is not the id of one of the prompts");
    }
    out.emplace_back(m.key(), option_id(m.value(), at, q.choices, "choices"));
  }
  return out;
}

Answer essay_answer(const Essay& q, const json::value& v, const std::string& field) {
  std::string text = answer_text(v, field, kMaxEssayChars);
  if (q.max_words && word_count(text) > static_cast<std::size_t>(*q.max_words)) {
    wrong(field, "must be at most " + std::to_string(*q.max_words) + " words");
  }
  return text;
}

}  // namespace

Question question_from_json(const json::value& v, const std::string& field) {
  if (!v.is_object()) {
    wrong(field.empty() ? "question" : field, "must be an object");
  }
  std::vector<core::FieldError> problems;
  Reader r(v.get_object(), field, problems);
  Question q;
  auto id = optional_string(r, "id");
  q.id = id ? *id : core::new_uuid();
  q.prompt = text(r, "prompt");
  q.points = number(r, "points", 1.0);
  q.tags = strings(r, "tags", false);
  for (auto& tag : q.tags) {
    tag = std::string(core::trim(tag));
  }
  auto type = read_type(r);
  if (!type) {
    // Without a type, its key fields cannot be told from unknown ones.
    refuse(std::move(problems));
  }
  q.body = read_body(*type, r);
  r.refuse_unknown("a " + std::string(type_name(*type)) + " question");
  // A rule about a field that could not be read would only repeat its problem.
  std::size_t read = problems.size();
  for (auto& rule : question_problems(q, field)) {
    bool repeated = std::any_of(problems.begin(), problems.begin() + static_cast<long>(read),
                                [&](const auto& p) { return within(rule.field, p.field); });
    if (!repeated) {
      problems.push_back(std::move(rule));
    }
  }
  if (!problems.empty()) {
    refuse(std::move(problems));
  }
  return q;
}

json::object question_to_json(const Question& question, bool with_key) {
  json::object out;
  out["id"] = question.id;
  out["type"] = type_name(question.type());
  out["prompt"] = question.prompt;
  out["points"] = number_value(question.points);
  write_body(out, question.body, with_key);
  if (with_key) {
    out["tags"] = strings_value(question.tags);
  }
  return out;
}

Answer answer_from_json(const Question& question, const json::value& v, const std::string& field) {
  switch (question.type()) {
    case QuestionType::kSingleChoice:
      return option_id(v, field, std::get<SingleChoice>(question.body).options, "options");
    case QuestionType::kMultipleChoice:
      return option_ids(v, field, std::get<MultipleChoice>(question.body).options, "options");
    case QuestionType::kTrueFalse:
      if (!v.is_bool()) {
        wrong(field, "must be true or false");
      }
      return v.get_bool();
    case QuestionType::kShortText:
      return answer_text(v, field, kMaxShortTextAnswerChars);
    case QuestionType::kNumeric:
      if (!v.is_number() || !std::isfinite(v.to_number<double>())) {
        wrong(field, "must be a finite number");
      }
      return v.to_number<double>();
    case QuestionType::kMatching:
      return matching_answer(std::get<Matching>(question.body), v, field);
    case QuestionType::kOrdering:
      return option_ids(v, field, std::get<Ordering>(question.body).items, "items");
    case QuestionType::kEssay:
      return essay_answer(std::get<Essay>(question.body), v, field);
  }
  wrong(field, "cannot be read");
}

json::value answer_to_json(const Answer& answer) {
  return std::visit(
      [](const auto& a) -> json::value {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return strings_value(a);
        } else if constexpr (std::is_same_v<T, std::vector<std::pair<std::string, std::string>>>) {
          return pairs_value(a);
        } else if constexpr (std::is_same_v<T, double>) {
          return number_value(a);
        } else {
          return json::value(a);
        }
      },
      answer);
}

}  // namespace classroom::exams
