#include "services/exams/domain/question.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "services/exams/domain/question_examples_test.hpp"

namespace classroom::exams {
namespace {

// "field message" of each problem, in order.
std::vector<std::string> problems(const Question& question, const std::string& field = "") {
  std::vector<std::string> out;
  for (const auto& p : question_problems(question, field)) {
    out.push_back(p.field + " " + p.message);
  }
  return out;
}

// A change that makes a valid question invalid, and what that must say.
struct Case {
  std::string what;
  std::function<Question()> make;
  std::vector<std::string> expected;
};

void expect_problems(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(problems(c.make()), c.expected);
  }
}

template <class Body>
Question changed(Question question, const std::function<void(Body&)>& change) {
  change(std::get<Body>(question.body));
  return question;
}

TEST(QuestionType, NamesRoundTrip) {
  for (const auto& question : examples::one_of_each_type()) {
    EXPECT_EQ(parse_question_type(type_name(question.type())), question.type());
  }
  EXPECT_EQ(type_name(QuestionType::kMultipleChoice), "MULTIPLE_CHOICE");
  EXPECT_EQ(parse_question_type("ESSAY"), QuestionType::kEssay);
  EXPECT_EQ(parse_question_type("essay"), std::nullopt);
  EXPECT_EQ(parse_question_type(""), std::nullopt);
}

TEST(QuestionRules, EveryExampleIsValid) {
  for (const auto& question : examples::one_of_each_type()) {
    EXPECT_EQ(problems(question), std::vector<std::string>()) << type_name(question.type());
  }
}

TEST(QuestionRules, ProblemsAreNamedUnderTheQuestionsField) {
  auto question = examples::single_choice();
  question.prompt = " ";
  std::get<SingleChoice>(question.body).correct = "z";
  EXPECT_EQ(problems(question, "sections[0].questions[1]"),
            (std::vector<std::string>{
                "sections[0].questions[1].prompt must not be empty",
                "sections[0].questions[1].correct must be the id of one of the options"}));
}

TEST(QuestionRules, CommonFields) {
  using Q = Question;
  expect_problems({
      {"no id",
       [] {
         Q q = examples::essay();
         q.id = "";
         return q;
       },
       {"id must be a UUID"}},
      {"blank prompt",
       [] {
         Q q = examples::essay();
         q.prompt = "\n ";
         return q;
       },
       {"prompt must not be empty"}},
      {"long prompt",
       [] {
         Q q = examples::essay();
         q.prompt = std::string(kMaxPromptChars + 1, 'x');
         return q;
       },
       {"prompt must be at most 20000 characters"}},
      {"prompt of the longest length in characters, not bytes",
       [] {
         Q q = examples::essay();
         q.prompt.clear();
         for (std::size_t i = 0; i < kMaxPromptChars; ++i) {
           q.prompt += "é";
         }
         return q;
       },
       {}},
      {"NUL in the prompt",
       [] {
         Q q = examples::essay();
         q.prompt = std::string("a\0b", 3);
         return q;
       },
       {"prompt must not contain control characters (U+0000)"}},
      {"a direction control in an option",
       [] {
         Q q = examples::single_choice();
         std::get<SingleChoice>(q.body).options[0].text = "Paris\xE2\x80\xAE";
         return q;
       },
       {"options[0].text must not contain direction controls (U+202E)"}},
      {"negative points",
       [] {
         Q q = examples::essay();
         q.points = -1;
         return q;
       },
       {"points must be from 0 to 10000 with two decimals at most"}},
      {"three decimals",
       [] {
         Q q = examples::essay();
         q.points = 1.005;
         return q;
       },
       {"points must be from 0 to 10000 with two decimals at most"}},
      {"infinite points",
       [] {
         Q q = examples::essay();
         q.points = std::numeric_limits<double>::infinity();
         return q;
       },
       {"points must be from 0 to 10000 with two decimals at most"}},
      {"too many points",
       [] {
         Q q = examples::essay();
         q.points = 10'000.01;
         return q;
       },
       {"points must be from 0 to 10000 with two decimals at most"}},
      {"blank and repeated tags",
       [] {
         Q q = examples::essay();
         q.tags = {"algebra", "", "algebra"};
         return q;
       },
       {"tags[1] must not be empty", "tags[2] is there twice"}},
      {"too many tags",
       [] {
         Q q = examples::essay();
         for (std::size_t i = 0; i <= kMaxTags; ++i) {
           q.tags.push_back("tag " + std::to_string(i));
         }
         return q;
       },
       {"tags must have from 0 to 20 entries"}},
  });
}

TEST(QuestionRules, ChoiceQuestionsNeedTwoUniqueOptionsAndAKeyAmongThem) {
  using S = SingleChoice;
  using M = MultipleChoice;
  expect_problems({
      {"one option",
       [] {
         return changed<S>(examples::single_choice(), [](S& s) {
           s.options.resize(2);
           s.options.erase(s.options.begin());
         });
       },
       {"options must have from 2 to 100 entries"}},
      {"too many options",
       [] {
         return changed<S>(examples::single_choice(), [](S& s) {
           for (std::size_t i = s.options.size(); i <= kMaxOptions; ++i) {
             s.options.push_back({"o" + std::to_string(i), "x"});
           }
         });
       },
       {"options must have from 2 to 100 entries"}},
      {"blank id, repeated id, blank text",
       [] {
         return changed<S>(examples::single_choice(), [](S& s) {
           s.options = {{"b", "Paris"}, {"", "Lyon"}, {"b", "Nice"}, {"c", " "}};
         });
       },
       {"options[1].id must not be empty", "options[2].id must be unique: another one has this id",
        "options[3].text must not be empty"}},
      {"long option text",
       [] {
         return changed<S>(examples::single_choice(), [](S& s) {
           s.options[0].text = std::string(kMaxOptionTextChars + 1, 'x');
         });
       },
       {"options[0].text must be at most 2000 characters"}},
      {"single: unknown key",
       [] { return changed<S>(examples::single_choice(), [](S& s) { s.correct = "Paris"; }); },
       {"correct must be the id of one of the options"}},
      {"multiple: no key",
       [] { return changed<M>(examples::multiple_choice(), [](M& m) { m.correct.clear(); }); },
       {"correct must name at least one option"}},
      {"multiple: unknown and repeated key",
       [] {
         return changed<M>(examples::multiple_choice(), [](M& m) { m.correct = {"a", "z", "a"}; });
       },
       {"correct[1] must be the id of one of the options", "correct[2] names the same one twice"}},
      {"multiple: every option may be right",
       [] {
         return changed<M>(examples::multiple_choice(), [](M& m) {
           m.correct = {"a", "b", "c", "d", "e"};
         });
       },
       {}},
  });
}

TEST(QuestionRules, ShortTextNeedsAnAcceptedAnswerOrAValidPattern) {
  using T = ShortText;
  expect_problems({
      {"neither",
       [] { return changed<T>(examples::short_text(), [](T& t) { t.accepted.clear(); }); },
       {"accepted give at least one accepted answer, or a pattern"}},
      {"a pattern alone",
       [] {
         return changed<T>(examples::short_text(), [](T& t) {
           t.accepted.clear();
           t.pattern = "[0-9]+";
         });
       },
       {}},
      {"blank accepted answer",
       [] {
         return changed<T>(examples::short_text(), [](T& t) { t.accepted.emplace_back("  "); });
       },
       {"accepted[2] must not be empty"}},
      {"invalid pattern",
       [] { return changed<T>(examples::short_text(), [](T& t) { t.pattern = "(a"; }); },
       {"pattern is not a usable RE2 pattern: missing ): (a"}},
      {"empty pattern",
       [] { return changed<T>(examples::short_text(), [](T& t) { t.pattern = ""; }); },
       {"pattern must not be empty"}},
      {"long pattern",
       [] {
         return changed<T>(examples::short_text(),
                           [](T& t) { t.pattern = std::string(kMaxPatternChars + 1, 'a'); });
       },
       {"pattern must be at most 1000 characters"}},
      {"too many accepted answers",
       [] {
         return changed<T>(examples::short_text(),
                           [](T& t) { t.accepted.resize(kMaxAccepted + 1, "x"); });
       },
       {"accepted must have from 0 to 100 entries"}},
  });
}

TEST(QuestionRules, NumericNeedsFiniteValueAndToleranceNotBelowZero) {
  using N = Numeric;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  expect_problems({
      {"negative tolerance",
       [] { return changed<N>(examples::numeric(), [](N& n) { n.tolerance = -0.1; }); },
       {"tolerance must be a finite number, at least 0"}},
      {"infinite value and tolerance",
       [] {
         return changed<N>(examples::numeric(), [](N& n) {
           n.value = kInf;
           n.tolerance = kInf;
         });
       },
       {"value must be a finite number", "tolerance must be a finite number, at least 0"}},
      {"negative value, no tolerance",
       [] { return changed<N>(examples::numeric(), [](N& n) {
              n = {-273.15, 0};
            }); },
       {}},
  });
}

TEST(QuestionRules, MatchingGivesEveryPromptExactlyOneExistingChoice) {
  using M = Matching;
  expect_problems({
      {"a prompt without a choice",
       [] { return changed<M>(examples::matching(), [](M& m) { m.correct.pop_back(); }); },
       {"correct.es is required: every prompt has its right choice"}},
      {"a prompt twice",
       [] {
         return changed<M>(examples::matching(),
                           [](M& m) { m.correct.emplace_back("fr", "lyon"); });
       },
       {"correct.fr has more than one choice"}},
      {"an unknown prompt and an unknown choice",
       [] {
         return changed<M>(examples::matching(), [](M& m) {
           m.correct[2].second = "berlin";
           m.correct.emplace_back("de", "rome");
         });
       },
       {"correct.es must be the id of one of the choices",
        "correct.de is not the id of one of the prompts"}},
      {"one choice for two prompts",
       [] { return changed<M>(examples::matching(), [](M& m) { m.correct[1].second = "paris"; }); },
       {}},
      {"one choice only",
       [] { return changed<M>(examples::matching(), [](M& m) { m.choices.resize(1); }); },
       {"choices must have from 2 to 100 entries",
        "correct.fr must be the id of one of the choices",
        "correct.es must be the id of one of the choices"}},
  });
}

TEST(QuestionRules, OrderingKeyIsAPermutationOfTheItems) {
  using O = Ordering;
  expect_problems({
      {"an item left out",
       [] { return changed<O>(examples::ordering(), [](O& o) { o.correct.pop_back(); }); },
       {"correct must list each of the 4 items once"}},
      {"an item twice",
       [] { return changed<O>(examples::ordering(), [](O& o) { o.correct[3] = "venus"; }); },
       {"correct[3] names the same one twice"}},
      {"an unknown item",
       [] {
         return changed<O>(examples::ordering(), [](O& o) { o.correct.emplace_back("pluto"); });
       },
       {"correct[4] must be the id of one of the items"}},
      {"one item",
       [] {
         return changed<O>(examples::ordering(), [](O& o) {
           o.items.resize(1);
           o.correct = {"earth"};
         });
       },
       {"items must have from 2 to 100 entries"}},
  });
}

TEST(QuestionRules, EssayMaxWordsIsPositive) {
  expect_problems({
      {"zero", [] { return examples::essay(0); }, {"maxWords must be from 1 to 25000"}},
      {"too many",
       [] { return examples::essay(kMaxEssayWords + 1); },
       {"maxWords must be from 1 to 25000"}},
      {"no limit", [] { return examples::essay(std::nullopt); }, {}},
  });
}

TEST(ValidPoints, ZeroToTheMaximumWithTwoDecimals) {
  EXPECT_TRUE(valid_points(0));
  EXPECT_TRUE(valid_points(0.1));
  EXPECT_TRUE(valid_points(12.34));
  EXPECT_TRUE(valid_points(kMaxQuestionPoints));
  EXPECT_FALSE(valid_points(-0.01));
  EXPECT_FALSE(valid_points(0.001));
  EXPECT_FALSE(valid_points(std::nan("")));
}

}  // namespace
}  // namespace classroom::exams
