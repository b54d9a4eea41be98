#include "services/exams/question_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "services/exams/domain/grading.hpp"
#include "services/exams/domain/question_examples_test.hpp"

namespace classroom::exams {
namespace {

namespace json = boost::json;

// "field message" of each problem of the 422, or "accepted".
std::vector<std::string> refusal(const std::function<void()>& read) {
  try {
    read();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidArgument) << e.what();
    std::vector<std::string> out;
    for (const auto& f : e.fields()) {
      out.push_back(f.field + " " + f.message);
    }
    return out;
  }
  return {"accepted"};
}

std::vector<std::string> question_refusal(std::string_view text, const std::string& field = "") {
  return refusal([&] { question_from_json(json::parse(text), field); });
}

std::vector<std::string> keys(const json::object& object) {
  std::vector<std::string> out;
  for (const auto& m : object) {
    out.emplace_back(m.key());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Question> with_every_field() {
  auto questions = examples::one_of_each_type();
  questions[0].tags = {"geography", "capitals"};
  questions[1].points = 0.25;
  questions[2].points = 0;
  return questions;
}

TEST(QuestionJson, WithTheKeyRoundTrips) {
  for (const auto& question : with_every_field()) {
    SCOPED_TRACE(type_name(question.type()));
    json::object object = question_to_json(question, true);
    EXPECT_EQ(question_from_json(object, ""), question);
    // As stored: through text, as jsonb keeps it.
    EXPECT_EQ(question_from_json(json::parse(json::serialize(object)), ""), question);
  }
}

TEST(QuestionJson, UnsetOptionalMembersAreNullAndReadBack) {
  for (const auto& question : {examples::short_text(), examples::essay(std::nullopt)}) {
    json::object object = question_to_json(question, true);
    EXPECT_TRUE(
        object.at(question.type() == QuestionType::kEssay ? "maxWords" : "pattern").is_null());
    EXPECT_EQ(question_from_json(object, ""), question);
  }
}

TEST(QuestionJson, TheStudentViewLeaksNoKeyField) {
  const std::vector<std::string> base{"id", "points", "prompt", "type"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.end(), base.begin(), base.end());
    std::sort(more.begin(), more.end());
    return more;
  };
  const std::vector<std::vector<std::string>> expected{with({"options"}),
                                                       with({"options", "scoring"}),
                                                       base,
                                                       base,
                                                       base,
                                                       with({"choices", "prompts"}),
                                                       with({"items"}),
                                                       with({"maxWords"})};
  auto questions = with_every_field();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    SCOPED_TRACE(type_name(questions[i].type()));
    EXPECT_EQ(keys(question_to_json(questions[i], false)), expected[i]);
  }
}

TEST(QuestionJson, TheStudentViewOfAShortTextOrNumberHoldsNoAnswer) {
  std::string short_text = json::serialize(question_to_json(examples::short_text("P.*s"), false));
  EXPECT_EQ(short_text.find("Paris"), std::string::npos) << short_text;
  EXPECT_EQ(short_text.find("P.*s"), std::string::npos) << short_text;
  std::string numeric = json::serialize(question_to_json(examples::numeric(), false));
  EXPECT_EQ(numeric.find("3.14"), std::string::npos) << numeric;
}

TEST(QuestionJson, WholePointsAreWrittenAsIntegers) {
  auto object = question_to_json(examples::single_choice(), true);
  EXPECT_TRUE(object.at("points").is_int64());
  EXPECT_EQ(json::serialize(object.at("points")), "2");
}

TEST(QuestionJson, AbsentIdsAreGeneratedAndTextsTrimmed) {
  Question q = question_from_json(json::parse(R"({"type": "SINGLE_CHOICE", "prompt": " Pick \n",
      "options": [{"id": "a", "text": " A "}, {"text": "B"}], "correct": "a"})"),
                                  "");
  EXPECT_TRUE(core::is_uuid(q.id));
  EXPECT_EQ(q.points, 1);
  EXPECT_EQ(q.prompt, "Pick");
  const auto& options = std::get<SingleChoice>(q.body).options;
  EXPECT_EQ(options[0], (Option{"a", "A"}));
  EXPECT_TRUE(core::is_uuid(options[1].id));
}

TEST(QuestionJson, ShortTextDefaultsAndAcceptedAsGiven) {
  Question q = question_from_json(
      json::parse(R"({"type": "SHORT_TEXT", "prompt": "p", "accepted": [" a  b "]})"), "");
  EXPECT_EQ(std::get<ShortText>(q.body), (ShortText{{" a  b "}, false, std::nullopt}));
}

TEST(QuestionJson, EveryProblemIsNamedInOneRefusal) {
  EXPECT_EQ(question_refusal(R"({"type": "TRUE_FALSE", "prompt": 7, "points": "1",
                                 "correct": "yes", "options": [], "tags": ["a", 2]})"),
            (std::vector<std::string>{"prompt must be a string", "points must be a finite number",
                                      "tags[1] must be a string", "correct must be true or false",
                                      "options is not a field of a TRUE_FALSE question"}));
}

TEST(QuestionJson, ProblemsAreNamedUnderTheField) {
  EXPECT_EQ(question_refusal(R"({"type": "SINGLE_CHOICE", "prompt": "p",
                                 "options": [{"id": "a", "text": "A", "right": true}, "B"],
                                 "correct": "b"})",
                             "sections[0].questions[2]"),
            (std::vector<std::string>{
                "sections[0].questions[2].options[0].right is not a field of an option",
                "sections[0].questions[2].options[1] must be an object {id, text}",
                "sections[0].questions[2].correct must be the id of one of the options"}));
}

TEST(QuestionJson, RefusalTable) {
  struct Case {
    std::string json;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases{
      {R"([1])", {"question must be an object"}},
      {R"({})", {"prompt is required", "type is required"}},
      {R"({"type": "FILL_IN", "prompt": "p", "extra": 1})",
       {"type must be one of SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE, SHORT_TEXT, NUMERIC, "
        "MATCHING, ORDERING, ESSAY"}},
      {R"({"type": "ESSAY", "prompt": "p", "id": "q1"})", {"id must be a UUID"}},
      {R"({"type": "ESSAY", "prompt": "p", "points": 1e400})", {"points must be a finite number"}},
      {R"({"type": "ESSAY", "prompt": "p", "points": -2})",
       {"points must be from 0 to 10000 with two decimals at most"}},
      {R"({"type": "ESSAY", "prompt": "p", "maxWords": 2.5})", {"maxWords must be an integer"}},
      {R"({"type": "ESSAY", "prompt": "p", "maxWords": 99999999999})",
       {"maxWords must be from 1 to 25000"}},
      {R"({"type": "SINGLE_CHOICE", "prompt": "p"})",
       {"options is required", "correct is required"}},
      {R"({"type": "MULTIPLE_CHOICE", "prompt": "p", "options": [{"id": "a", "text": "A"},
           {"id": "b", "text": "B"}], "correct": ["a"], "scoring": "SOME"})",
       {"scoring must be ALL_OR_NOTHING or PARTIAL"}},
      {R"({"type": "SHORT_TEXT", "prompt": "p", "pattern": "(", "caseSensitive": "no"})",
       {"caseSensitive must be true or false",
        "pattern is not a usable RE2 pattern: missing ): ("}},
      {R"({"type": "NUMERIC", "prompt": "p", "tolerance": -1})",
       {"value is required", "tolerance must be a finite number, at least 0"}},
      {R"({"type": "MATCHING", "prompt": "p", "prompts": [{"id": "x", "text": "X"}],
           "choices": [{"id": "1", "text": "one"}, {"id": "2", "text": "two"}],
           "correct": ["1"]})",
       {"correct must be an object {promptId: choiceId}"}},
      {R"({"type": "MATCHING", "prompt": "p", "prompts": [{"id": "x", "text": "X"}],
           "choices": [{"id": "1", "text": "one"}, {"id": "2", "text": "two"}],
           "correct": {"x": 1}})",
       {"correct.x must be a string"}},
      {R"({"type": "ORDERING", "prompt": "p", "items": [{"id": "x", "text": "X"},
           {"id": "y", "text": "Y"}], "correct": "x,y"})",
       {"correct must be an array"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(question_refusal(c.json), c.expected) << c.json;
  }
}

// Answers, as a client sends them.
struct AnswerCase {
  Question question;
  std::string json;
  std::string expected;  // "field message" of the refusal
};

std::string answer_refusal(const Question& question, std::string_view text) {
  auto problems = refusal([&] { answer_from_json(question, json::parse(text), "answer"); });
  return problems.size() == 1 ? problems[0] : "several problems";
}

TEST(AnswerJson, MalformedAnswersAreRefusedNamingTheField) {
  using namespace examples;
  const std::string long_text = "\"" + std::string(kMaxShortTextAnswerChars + 1, 'x') + "\"";
  const std::string long_essay = "\"" + std::string(kMaxEssayChars + 1, 'x') + "\"";
  const std::vector<AnswerCase> cases{
      {single_choice(), "1", "answer must be the id of one of the options"},
      {single_choice(), R"("Paris")", "answer is not the id of one of the options"},
      {single_choice(), "null", "answer must be the id of one of the options"},
      {multiple_choice(), R"("a")", "answer must be an array of ids of the options"},
      {multiple_choice(), R"(["a", "z"])", "answer[1] is not the id of one of the options"},
      {multiple_choice(), R"(["a", "b", "a"])", "answer[2] names the same one twice"},
      {multiple_choice(), R"([1])", "answer[0] must be the id of one of the options"},
      {true_false(), R"("true")", "answer must be true or false"},
      {true_false(), "1", "answer must be true or false"},
      {short_text(), "5", "answer must be a string"},
      {short_text(), R"("a\u0000b")", "answer must not contain NUL characters"},
      {short_text(), long_text, "answer must be at most 2000 characters"},
      {numeric(), R"("3.14")", "answer must be a finite number"},
      {numeric(), "1e400", "answer must be a finite number"},
      {numeric(), "true", "answer must be a finite number"},
      {matching(), R"([["fr", "paris"]])", "answer must be an object {promptId: choiceId}"},
      {matching(), R"({"de": "paris"})", "answer.de is not the id of one of the prompts"},
      {matching(), R"({"fr": "berlin"})", "answer.fr is not the id of one of the choices"},
      {matching(), R"({"fr": 1})", "answer.fr must be the id of one of the choices"},
      {ordering(), R"({"1": "mercury"})", "answer must be an array of ids of the items"},
      {ordering(), R"(["mercury", "mercury"])", "answer[1] names the same one twice"},
      {ordering(), R"(["pluto"])", "answer[0] is not the id of one of the items"},
      {essay(), "42", "answer must be a string"},
      {essay(5), R"("one two three four five six")", "answer must be at most 5 words"},
      {essay(std::nullopt), long_essay, "answer must be at most 50000 characters"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(type_name(c.question.type())) + " " + c.json.substr(0, 40));
    EXPECT_EQ(answer_refusal(c.question, c.json), c.expected);
  }
}

TEST(AnswerJson, AcceptedAnswersRoundTripAndAreGraded) {
  using namespace examples;
  struct Case {
    Question question;
    std::string json;
    double points;
  };
  const std::string longest_essay = "\"" + std::string(kMaxEssayChars, 'x') + "\"";
  const std::vector<Case> cases{
      {single_choice(), R"("b")", 2},
      {multiple_choice(), R"(["a","b","d"])", 1},
      {multiple_choice(), R"([])", 0},
      {true_false(), "true", 1},
      {short_text(), R"("  PARIS ")", 2},
      {numeric(), "3.15", 1},
      {numeric(), "3", 0},
      {matching(), R"({"fr":"paris","es":"lyon"})", 1},
      {matching(), R"({"fr":"paris","it":"paris"})", 1},
      {matching(), R"({})", 0},
      {ordering(), R"(["mercury","venus","earth","mars"])", 2},
      {ordering(), R"(["mercury"])", 0},
      {essay(5), R"("one two three four five")", 0},
      {essay(std::nullopt), longest_essay, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(type_name(c.question.type())) + " " + c.json.substr(0, 40));
    json::value sent = json::parse(c.json);
    Answer answer = answer_from_json(c.question, sent, "answer");
    EXPECT_EQ(answer_to_json(answer), sent);
    EXPECT_EQ(grade(c.question, answer).points, c.points);
  }
}

TEST(AnswerJson, AWrittenEssayWaitsForATeacher) {
  auto question = examples::essay();
  auto answer = answer_from_json(question, json::parse(R"("Light scatters.")"), "answer");
  EXPECT_EQ(grade(question, answer), (Grade{0, true}));
}

}  // namespace
}  // namespace classroom::exams
