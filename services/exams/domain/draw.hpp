#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// What an attempt contains, fixed at its start: the questions drawn from the
// bank and the order of questions and options. Everything here is
// deterministic for a seed, on every standard library: the generator is
// std::mt19937_64 (its sequence is specified) and the index, draw and
// shuffle functions are our own (std::uniform_int_distribution and
// std::shuffle differ between libraries).
namespace classroom::exams {

// A section as authored: inline question ids, or a draw of `draw_count`
// questions from the bank's `draw_tag`.
struct SectionPlan {
  std::vector<std::string> question_ids;
  std::optional<std::string> draw_tag;
  int draw_count = 0;
};

// The bank's question ids holding `tag`, in a stable order.
using BankIdsByTag = std::function<std::vector<std::string>(const std::string& tag)>;

// The question ids of one attempt, in order: sections in order, inline
// questions as authored and drawn ones picked at random without repetition
// (in the bank's order); each section shuffled when `shuffle_questions`.
// No question appears twice in an attempt: a draw leaves out the questions
// of every section (inline ones, and those drawn before it). So that a start
// never fails by chance, a draw is refused unless its tag holds `count`
// questions besides the inline ones and as many as earlier draws from
// overlapping tags could take: throws core::Error(kInvalidArgument) naming
// "sections[i].draw" (whatever the seed, so publishing may check the same).
std::vector<std::string> attempt_questions(std::span<const SectionPlan> sections,
                                           const BankIdsByTag& bank_ids_by_tag,
                                           bool shuffle_questions, std::uint64_t seed);

// A per-attempt option order of a choice question when shuffleOptions: a
// permutation of `ids`, deterministic for (seed, question id), different
// between questions of one attempt.
std::vector<std::string> shuffled_options(std::span<const std::string> ids, std::uint64_t seed,
                                          std::string_view question_id);

}  // namespace classroom::exams
