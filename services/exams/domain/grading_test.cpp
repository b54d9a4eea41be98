#include "services/exams/domain/grading.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "services/exams/domain/question_examples_test.hpp"

namespace classroom::exams {
namespace {

using Ids = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Case {
  std::string what;
  Answer answer;
  double points;
  bool needs_teacher = false;
};

void expect_grades(const Question& question, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(type_name(question.type())) + ": " + c.what);
    EXPECT_EQ(grade(question, c.answer), (Grade{c.points, c.needs_teacher}));
  }
}

TEST(Grading, SingleChoiceIsAllOrNothing) {
  expect_grades(examples::single_choice(), {
                                               {"right", std::string("b"), 2},
                                               {"wrong", std::string("a"), 0},
                                               {"empty", std::string(), 0},
                                               {"another type of answer", Ids{"b"}, 0},
                                           });
}

TEST(Grading, MultipleChoicePartialSubtractsWrongChoicesDownToZero) {
  expect_grades(examples::multiple_choice(MultipleScoring::kPartial),
                {
                    {"all right", Ids{"c", "a", "b"}, 3},
                    {"two of three right", Ids{"a", "b"}, 2},
                    {"two right, one wrong", Ids{"a", "b", "d"}, 1},
                    {"all right and one wrong", Ids{"a", "b", "c", "e"}, 2},
                    {"more wrong than right", Ids{"a", "d", "e"}, 0},
                    {"only wrong", Ids{"d"}, 0},
                    {"empty", Ids{}, 0},
                    {"another type of answer", std::string("a"), 0},
                });
}

TEST(Grading, MultipleChoiceAllOrNothingNeedsExactlyTheRightSet) {
  expect_grades(examples::multiple_choice(MultipleScoring::kAllOrNothing),
                {
                    {"right in any order", Ids{"b", "c", "a"}, 3},
                    {"one missing", Ids{"a", "b"}, 0},
                    {"one too many", Ids{"a", "b", "c", "d"}, 0},
                    {"empty", Ids{}, 0},
                });
}

TEST(Grading, PartialPointsAreRoundedToHundredthsHalfAwayFromZero) {
  auto question = examples::multiple_choice(MultipleScoring::kPartial);
  question.points = 1;
  EXPECT_EQ(grade(question, Ids{"a"}).points, 0.33);
  EXPECT_EQ(grade(question, Ids{"a", "b"}).points, 0.67);
  question.points = 0.05;  // 0.025 is no double: it must still round up
  auto& key = std::get<MultipleChoice>(question.body);
  key.correct = {"a", "b"};
  EXPECT_EQ(grade(question, Ids{"a"}).points, 0.03);
}

TEST(Grading, TrueFalseIsAllOrNothing) {
  expect_grades(examples::true_false(), {
                                            {"right", true, 1},
                                            {"wrong", false, 0},
                                            {"another type of answer", std::string("true"), 0},
                                        });
}

TEST(Grading, ShortTextMatchesAcceptedAnswersAfterNormalizing) {
  expect_grades(examples::short_text(),
                {
                    {"exact", std::string("Paris"), 2},
                    {"other case", std::string("PARIS"), 2},
                    {"spaces around", std::string("  paris \n"), 2},
                    {"runs of spaces", std::string("Ville Lumière"), 2},
                    {"non-ASCII in other case", std::string("VILLE\tLUMIÈRE"), 2},
                    {"no-break space", std::string("Ville\u00a0Lumière"), 2},
                    {"wrong", std::string("Lyon"), 0},
                    {"more than accepted", std::string("Paris, France"), 0},
                    {"empty", std::string(), 0},
                    {"blank", std::string(" \t "), 0},
                    {"another type of answer", 1.0, 0},
                });
}

TEST(Grading, ShortTextCaseSensitiveComparesCase) {
  expect_grades(examples::short_text(std::nullopt, true),
                {
                    {"same case", std::string("Paris"), 2},
                    {"other case", std::string("paris"), 0},
                });
}

TEST(Grading, ShortTextPatternMustMatchInFull) {
  expect_grades(examples::short_text(R"(\d+(\.\d+)? ?m/s)"),
                {
                    {"pattern", std::string("9.81 m/s"), 2},
                    {"pattern after normalizing", std::string(" 9.81   M/S "), 2},
                    {"accepted still counts", std::string("paris"), 2},
                    {"only part matches", std::string("about 9.81 m/s"), 0},
                    {"wrong", std::string("fast"), 0},
                });
}

TEST(Grading, ShortTextPatternFollowsCaseSensitivity) {
  auto question = examples::short_text("[a-z]+ street", true);
  EXPECT_EQ(grade(question, std::string("baker street")).points, 2);
  EXPECT_EQ(grade(question, std::string("Baker Street")).points, 0);
}

TEST(Grading, ABlankShortTextEarnsNothingEvenWhenThePatternAllowsIt) {
  EXPECT_EQ(grade(examples::short_text(".*"), std::string("  ")).points, 0);
}

TEST(Grading, NumericAcceptsTheToleranceInclusive) {
  expect_grades(examples::numeric(), {
                                         {"exact", 3.14, 1},
                                         {"at the upper bound", 3.15, 1},
                                         {"at the lower bound", 3.13, 1},
                                         {"just outside", 3.1501, 0},
                                         {"wrong", 3.0, 0},
                                         {"not a number", std::nan(""), 0},
                                         {"another type of answer", std::string("3.14"), 0},
                                     });
}

TEST(Grading, NumericWithoutToleranceAllowsOnlyFloatingPointRounding) {
  auto question = examples::numeric();
  std::get<Numeric>(question.body) = Numeric{0.3, 0};
  EXPECT_EQ(grade(question, 0.1 + 0.2).points, 1);
  EXPECT_EQ(grade(question, 0.3001).points, 0);
}

TEST(Grading, MatchingScoresEachPair) {
  expect_grades(examples::matching(),
                {
                    {"all right", Pairs{{"fr", "paris"}, {"it", "rome"}, {"es", "madrid"}}, 3},
                    {"two right", Pairs{{"fr", "paris"}, {"it", "rome"}, {"es", "lyon"}}, 2},
                    {"one right, one left out", Pairs{{"fr", "paris"}, {"it", "madrid"}}, 1},
                    {"all wrong", Pairs{{"fr", "lyon"}, {"it", "paris"}, {"es", "rome"}}, 0},
                    {"empty", Pairs{}, 0},
                    {"another type of answer", Ids{"paris", "rome", "madrid"}, 0},
                });
}

TEST(Grading, OrderingIsAllOrNothing) {
  expect_grades(examples::ordering(),
                {
                    {"right", Ids{"mercury", "venus", "earth", "mars"}, 2},
                    {"two swapped", Ids{"venus", "mercury", "earth", "mars"}, 0},
                    {"as shown", Ids{"earth", "mercury", "mars", "venus"}, 0},
                    {"partial", Ids{"mercury", "venus", "earth"}, 0},
                    {"empty", Ids{}, 0},
                });
}

TEST(Grading, AnEssayWaitsForATeacher) {
  expect_grades(examples::essay(), {
                                       {"written", std::string("Rayleigh scattering."), 0, true},
                                       {"blank", std::string("  \n"), 0, false},
                                       {"empty", std::string(), 0, false},
                                   });
}

TEST(Grading, AnUnansweredQuestionEarnsNothingAndNeedsNoTeacher) {
  for (const auto& question : examples::one_of_each_type()) {
    EXPECT_EQ(grade_unanswered(question), Grade{}) << type_name(question.type());
  }
}

TEST(Grading, ZeroPointQuestionsEarnZero) {
  auto question = examples::single_choice();
  question.points = 0;
  EXPECT_EQ(grade(question, std::string("b")), Grade{});
}

TEST(RoundPoints, RoundsToHundredthsHalfAwayFromZero) {
  EXPECT_EQ(round_points(2.675), 2.68);
  EXPECT_EQ(round_points(1.005), 1.01);
  EXPECT_EQ(round_points(0.125), 0.13);
  EXPECT_EQ(round_points(0.124), 0.12);
  EXPECT_EQ(round_points(2.0 / 3), 0.67);
  EXPECT_EQ(round_points(-0.125), -0.13);
  EXPECT_EQ(round_points(7), 7);
}

TEST(NormalizeText, TrimsAndCollapsesEveryKindOfSpace) {
  EXPECT_EQ(normalize_text("  a \t\r\n b  "), "a b");
  EXPECT_EQ(normalize_text("\u3000東京\u00a0\u2003タワー\u202f"), "東京 タワー");
  EXPECT_EQ(normalize_text("é ü"), "é ü");
  EXPECT_EQ(normalize_text(" \n "), "");
}

TEST(WordCount, CountsRunsBetweenSpaces) {
  EXPECT_EQ(word_count(""), 0);
  EXPECT_EQ(word_count("  \n"), 0);
  EXPECT_EQ(word_count("one"), 1);
  EXPECT_EQ(word_count("  two\twords  "), 2);
  EXPECT_EQ(word_count("drei\u00a0Wörter\u3000hier"), 3);
}

TEST(ShortTextCase, NonAsciiLettersMatchTheirOtherCaseBySimpleFolding) {
  ShortText key{{"σοφία", "ärger"}, false, std::nullopt};
  EXPECT_TRUE(short_text_matches(key, "ΣΟΦΊΑ"));
  EXPECT_TRUE(short_text_matches(key, "ÄRGER"));
  EXPECT_FALSE(short_text_matches(key, "ARGER"));
  ShortText strasse{{"straße"}, false, std::nullopt};
  EXPECT_TRUE(short_text_matches(strasse, "STRAẞE"));
  EXPECT_FALSE(short_text_matches(strasse, "STRASSE"));  // no full case folding
}

TEST(ShortTextCase, AcceptedTextIsLiteralNotAPattern) {
  ShortText key{{"a.c (1+1)"}, false, std::nullopt};
  EXPECT_TRUE(short_text_matches(key, "A.C (1+1)"));
  EXPECT_FALSE(short_text_matches(key, "abc (11)"));
  ShortText greek{{"ω.ω"}, false, std::nullopt};
  EXPECT_FALSE(short_text_matches(greek, "ΩxΩ"));
  EXPECT_TRUE(short_text_matches(greek, "Ω.Ω"));
}

TEST(PatternError, NamesWhatIsWrongWithAPattern) {
  EXPECT_EQ(pattern_error("[a-z]+", false), std::nullopt);
  EXPECT_NE(pattern_error("(unclosed", false), std::nullopt);
  EXPECT_NE(pattern_error("a{2,1}", true), std::nullopt);
  EXPECT_NE(pattern_error("(a)\\1", true), std::nullopt);  // no backreferences: linear time
}

TEST(PatternError, APatternNeedingTooMuchMemoryIsRefused) {
  // A hundred letters of any script: RE2 compiles it within its default 8 MiB,
  // not within what a pattern may use here.
  EXPECT_EQ(pattern_error(R"(\pL{100})", true), "pattern too large - compile failed");
  EXPECT_EQ(pattern_error(R"([\pL ]{1,50})", true), std::nullopt);
  EXPECT_NE(pattern_error("((a{100}){100}){100}", true), std::nullopt);  // repeats > 1000
}

}  // namespace
}  // namespace classroom::exams
