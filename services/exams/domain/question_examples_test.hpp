#pragma once

#include "services/exams/domain/question.hpp"

// One valid question of each type, for the tests of questions, grading and
// their JSON.
namespace classroom::exams::examples {

inline constexpr std::string_view kQuestionId = "0190f3a0-7c2e-7b1a-9c3d-5e6f7a8b9c0d";

inline Question question(std::string prompt, double points, QuestionBody body) {
  return Question{std::string(kQuestionId), std::move(prompt), points, std::move(body), {}};
}

inline Question single_choice() {
  return question("Which city is the capital of France?", 2,
                  SingleChoice{{{"a", "Lyon"}, {"b", "Paris"}, {"c", "Nice"}}, "b"});
}

// Three of five right, worth 3 points: a point per right option when partial.
inline Question multiple_choice(MultipleScoring scoring = MultipleScoring::kPartial) {
  return question(
      "Which are prime numbers?", 3,
      MultipleChoice{
          {{"a", "2"}, {"b", "3"}, {"c", "5"}, {"d", "4"}, {"e", "9"}}, {"a", "b", "c"}, scoring});
}

inline Question true_false() {
  return question("Water boils at 100 °C at sea level.", 1, TrueFalse{true});
}

inline Question short_text(std::optional<std::string> pattern = std::nullopt,
                           bool case_sensitive = false) {
  return question("Name the city of the Eiffel Tower.", 2,
                  ShortText{{"Paris", "Ville  Lumière"}, case_sensitive, std::move(pattern)});
}

inline Question numeric() { return question("Give π to two decimals.", 1, Numeric{3.14, 0.01}); }

// Three prompts, four choices (one a distractor), worth 3 points.
inline Question matching() {
  return question(
      "Match each country with its capital.", 3,
      Matching{{{"fr", "France"}, {"it", "Italy"}, {"es", "Spain"}},
               {{"rome", "Rome"}, {"paris", "Paris"}, {"lyon", "Lyon"}, {"madrid", "Madrid"}},
               {{"fr", "paris"}, {"it", "rome"}, {"es", "madrid"}}});
}

inline Question ordering() {
  return question(
      "Order the planets from the Sun outwards.", 2,
      Ordering{{{"earth", "Earth"}, {"mercury", "Mercury"}, {"mars", "Mars"}, {"venus", "Venus"}},
               {"mercury", "venus", "earth", "mars"}});
}

inline Question essay(std::optional<int> max_words = 5) {
  return question("Why is the sky blue?", 10, Essay{max_words});
}

inline std::vector<Question> one_of_each_type() {
  return {single_choice(), multiple_choice(), true_false(), short_text("[A-Z][a-z]+"),
          numeric(),       matching(),        ordering(),   essay()};
}

}  // namespace classroom::exams::examples
