#include "services/exams/domain/draw.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/errors.hpp"

namespace classroom::exams {
namespace {

using Ids = std::vector<std::string>;

// A bank of tagged question ids, as the store would give them.
BankIdsByTag bank(std::map<std::string, Ids> by_tag) {
  return [by_tag = std::move(by_tag)](const std::string& tag) {
    auto it = by_tag.find(tag);
    return it == by_tag.end() ? Ids{} : it->second;
  };
}

SectionPlan inline_questions(Ids ids) { return SectionPlan{std::move(ids), std::nullopt, 0}; }
SectionPlan draw(std::string tag, int count) { return SectionPlan{{}, std::move(tag), count}; }

Ids algebra() { return {"alg1", "alg2", "alg3", "alg4", "alg5"}; }

bool contains(const Ids& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(AttemptQuestions, SectionsInOrderWithTheirDrawCount) {
  const SectionPlan plan[] = {inline_questions({"a", "b"}), draw("algebra", 2),
                              inline_questions({"c"})};
  const auto ids = attempt_questions(plan, bank({{"algebra", algebra()}}), false, 7);
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids[0], "a");
  EXPECT_EQ(ids[1], "b");
  EXPECT_TRUE(contains(algebra(), ids[2]));
  EXPECT_TRUE(contains(algebra(), ids[3]));
  EXPECT_NE(ids[2], ids[3]);
  EXPECT_EQ(ids[4], "c");
}

TEST(AttemptQuestions, NoQuestionTwiceAcrossOverlappingTagsAndInlineQuestions) {
  // "alg3".."alg5" are also "easy", and "alg1" is inline in the first section.
  const auto by_tag =
      bank({{"algebra", algebra()}, {"easy", {"alg3", "alg4", "alg5", "e1", "e2", "e3"}}});
  const SectionPlan plan[] = {inline_questions({"alg1"}), draw("algebra", 3), draw("easy", 3)};
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const auto ids = attempt_questions(plan, by_tag, true, seed);
    ASSERT_EQ(ids.size(), 7u);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 7u) << "seed " << seed;
  }
}

TEST(AttemptQuestions, EveryQuestionOfATagIsAsLikelyToBeDrawn) {
  // 1 of 5 over 2,000 attempts: 400 each expected; a biased pick is far off.
  const SectionPlan plan[] = {draw("algebra", 1)};
  std::map<std::string, int> times;
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    ++times[attempt_questions(plan, bank({{"algebra", algebra()}}), false, seed).at(0)];
  }
  ASSERT_EQ(times.size(), algebra().size());
  for (const auto& [id, n] : times) {
    EXPECT_GT(n, 320) << id;
    EXPECT_LT(n, 480) << id;
  }
}

TEST(AttemptQuestions, TheSameSeedGivesTheSameAttemptOnEveryPlatform) {
  const SectionPlan plan[] = {inline_questions({"a", "b", "c"}), draw("algebra", 3)};
  const auto by_tag = bank({{"algebra", algebra()}});
  const auto first = attempt_questions(plan, by_tag, true, 42);
  EXPECT_EQ(attempt_questions(plan, by_tag, true, 42), first);
  // Pinned: mt19937_64 and our index function are specified, so this holds
  // with any standard library.
  EXPECT_EQ(first, (Ids{"b", "c", "a", "alg4", "alg1", "alg5"}));
}

TEST(AttemptQuestions, DifferentSeedsGiveDifferentAttempts) {
  const SectionPlan plan[] = {inline_questions({"a", "b", "c", "d"}), draw("algebra", 3)};
  const auto by_tag = bank({{"algebra", algebra()}});
  std::set<Ids> seen;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    seen.insert(attempt_questions(plan, by_tag, true, seed));
  }
  EXPECT_GE(seen.size(), 9u);
}

TEST(AttemptQuestions, ShuffleKeepsEachSectionsQuestions) {
  const SectionPlan plan[] = {inline_questions({"a", "b", "c", "d"}), draw("algebra", 2),
                              inline_questions({"x", "y", "z"})};
  const auto by_tag = bank({{"algebra", algebra()}});
  bool reordered = false;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto ids = attempt_questions(plan, by_tag, true, seed);
    ASSERT_EQ(ids.size(), 9u);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.begin() + 4),
              (std::set<std::string>{"a", "b", "c", "d"}));
    EXPECT_TRUE(contains(algebra(), ids[4]) && contains(algebra(), ids[5]));
    EXPECT_EQ(std::set<std::string>(ids.begin() + 6, ids.end()),
              (std::set<std::string>{"x", "y", "z"}));
    reordered = reordered || !std::is_sorted(ids.begin(), ids.begin() + 4);
  }
  EXPECT_TRUE(reordered);
}

TEST(AttemptQuestions, WithoutShuffleDrawnQuestionsKeepTheBanksOrder) {
  const SectionPlan plan[] = {draw("algebra", 3)};
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto ids = attempt_questions(plan, bank({{"algebra", algebra()}}), false, seed);
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "seed " << seed;
  }
}

// The fields a refusal names, or "drawn" when the attempt was made.
std::vector<std::string> refusal(std::span<const SectionPlan> plan, const BankIdsByTag& by_tag) {
  try {
    attempt_questions(plan, by_tag, false, 1);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidArgument);
    std::vector<std::string> fields;
    for (const auto& f : e.fields()) {
      fields.push_back(f.field);
    }
    return fields;
  }
  return {"drawn"};
}

TEST(AttemptQuestions, ATagWithTooFewQuestionsIsRefused) {
  const auto by_tag = bank({{"algebra", algebra()}});
  const SectionPlan exact[] = {inline_questions({"a"}), draw("algebra", 5)};
  EXPECT_EQ(refusal(exact, by_tag), Ids{"drawn"});
  const SectionPlan too_many[] = {inline_questions({"a"}), draw("algebra", 6), draw("none", 1)};
  EXPECT_EQ(refusal(too_many, by_tag), (Ids{"sections[1].draw", "sections[2].draw"}));
  const SectionPlan nothing[] = {draw("algebra", 0)};
  EXPECT_EQ(refusal(nothing, by_tag), Ids{"sections[0].draw"});
}

TEST(AttemptQuestions, ADrawThatEarlierSectionsCouldLeaveShortIsRefusedWhateverTheSeed) {
  // "easy" shares alg4 and alg5 with "algebra": the first draw may take both,
  // leaving e1 alone for a draw of 2.
  const auto by_tag = bank({{"algebra", algebra()}, {"easy", {"alg4", "alg5", "e1"}}});
  const SectionPlan plan[] = {draw("algebra", 2), draw("easy", 2)};
  EXPECT_EQ(refusal(plan, by_tag), Ids{"sections[1].draw"});
  // An inline question is not drawn again either.
  const SectionPlan with_inline[] = {inline_questions({"e1"}), draw("easy", 3)};
  EXPECT_EQ(refusal(with_inline, by_tag), Ids{"sections[1].draw"});
}

TEST(AttemptQuestions, ARefusalSaysHowManyTheTagHolds) {
  const auto by_tag = bank({{"algebra", algebra()}, {"easy", {"alg4", "alg5", "e1"}}});
  const SectionPlan alone[] = {draw("algebra", 6)};
  const SectionPlan after[] = {draw("algebra", 2), draw("easy", 2)};
  try {
    attempt_questions(alone, by_tag, false, 1);
    ADD_FAILURE() << "drawn";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.fields().at(0).message,
              "the tag \"algebra\" holds 5 questions, fewer than the 6 to draw");
  }
  try {
    attempt_questions(after, by_tag, false, 1);
    ADD_FAILURE() << "drawn";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.fields().at(0).message,
              "the tag \"easy\" holds 3 questions, 1 once other sections' questions are left "
              "out, fewer than the 2 to draw");
  }
}

TEST(ShuffledOptions, APermutationFixedForASeedAndQuestion) {
  const Ids options = {"o1", "o2", "o3", "o4", "o5", "o6"};
  const auto order = shuffled_options(options, 42, "q1");
  EXPECT_TRUE(std::is_permutation(order.begin(), order.end(), options.begin(), options.end()));
  EXPECT_EQ(shuffled_options(options, 42, "q1"), order);
  EXPECT_EQ(order, (Ids{"o1", "o6", "o4", "o5", "o2", "o3"}));
  EXPECT_TRUE(shuffled_options({}, 42, "q1").empty());
}

TEST(ShuffledOptions, DifferentQuestionsOrSeedsGiveDifferentOrders) {
  const Ids options = {"o1", "o2", "o3", "o4", "o5", "o6"};
  std::set<Ids> by_question;
  std::set<Ids> by_seed;
  for (int i = 0; i < 10; ++i) {
    by_question.insert(shuffled_options(options, 42, "q" + std::to_string(i)));
    by_seed.insert(shuffled_options(options, static_cast<std::uint64_t>(i), "q1"));
  }
  EXPECT_GE(by_question.size(), 9u);
  EXPECT_GE(by_seed.size(), 9u);
}

}  // namespace
}  // namespace classroom::exams
