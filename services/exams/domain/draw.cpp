#include "services/exams/domain/draw.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <unordered_set>

#include "core/errors.hpp"

namespace classroom::exams {

namespace {

using Generator = std::mt19937_64;
using IdSet = std::unordered_set<std::string>;

// Uniform in [0, n) by rejection: the values of the top partial block of
// 2^64 would favour small indices, so they are drawn again.
std::size_t uniform_index(Generator& gen, std::size_t n) {
  const std::uint64_t bound = n;
  const std::uint64_t excess = (std::numeric_limits<std::uint64_t>::max() % bound + 1) % bound;
  for (;;) {
    const std::uint64_t r = gen();
    if (excess == 0 || r < 0 - excess) {
      return static_cast<std::size_t>(r % bound);
    }
  }
}

template <class T>
void shuffle(std::vector<T>& items, Generator& gen) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[uniform_index(gen, i)]);
  }
}

// `count` of `pool` at random, in the pool's order.
std::vector<std::string> pick(const std::vector<std::string>& pool, std::size_t count,
                              Generator& gen) {
  std::vector<std::size_t> index(pool.size());
  std::iota(index.begin(), index.end(), 0);
  for (std::size_t i = 0; i < count; ++i) {
    std::swap(index[i], index[i + uniform_index(gen, pool.size() - i)]);
  }
  std::sort(index.begin(), index.begin() + static_cast<std::ptrdiff_t>(count));
  std::vector<std::string> picked;
  for (std::size_t i = 0; i < count; ++i) {
    picked.push_back(pool[index[i]]);
  }
  return picked;
}

// 64-bit FNV-1a: a hash fixed by its definition, unlike std::hash.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325;
  for (unsigned char c : text) {
    h = (h ^ c) * 0x100000001b3;
  }
  return h;
}

// SplitMix64's finalizer, so that nearby seeds start far apart.
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

// A draw's candidates: the tag's ids, once each, without `excluded`.
std::vector<std::string> pool_of(const std::vector<std::string>& bank_ids, const IdSet& excluded) {
  std::vector<std::string> pool;
  IdSet seen;
  for (const auto& id : bank_ids) {
    if (!excluded.contains(id) && seen.insert(id).second) {
      pool.push_back(id);
    }
  }
  return pool;
}

std::size_t overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const IdSet in_a(a.begin(), a.end());
  return static_cast<std::size_t>(
      std::count_if(b.begin(), b.end(), [&](const auto& id) { return in_a.contains(id); }));
}

struct Draw {
  std::size_t section;
  std::size_t count;
  std::vector<std::string> pool;  // without the inline questions
};

// `held`: the questions of the tag; `available`: those left to this draw in
// the worst case, once inline questions and earlier draws are left out.
std::string draw_error(const SectionPlan& plan, std::size_t held, std::size_t available) {
  std::string text =
      "the tag \"" + *plan.draw_tag + "\" holds " + std::to_string(held) + " questions";
  if (available < held) {
    text += ", " + std::to_string(available) + " once other sections' questions are left out";
  }
  return text + ", fewer than the " + std::to_string(plan.draw_count) + " to draw";
}

// Every section's draw, refused (seed-independently) when the worst case of
// the earlier draws could leave it short.
std::vector<Draw> planned_draws(std::span<const SectionPlan> sections,
                                const BankIdsByTag& bank_ids_by_tag, const IdSet& inline_ids) {
  std::vector<Draw> draws;
  std::vector<core::FieldError> errors;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& plan = sections[i];
    if (!plan.draw_tag) {
      continue;
    }
    const std::string field = "sections[" + std::to_string(i) + "].draw";
    if (plan.draw_count < 1) {
      errors.push_back({field, "must draw at least one question"});
      continue;
    }
    const auto held = pool_of(bank_ids_by_tag(*plan.draw_tag), {});
    Draw draw{i, static_cast<std::size_t>(plan.draw_count), pool_of(held, inline_ids)};
    std::size_t reserved = 0;
    for (const auto& earlier : draws) {
      reserved += std::min(earlier.count, overlap(earlier.pool, draw.pool));
    }
    const std::size_t available = draw.pool.size() - std::min(reserved, draw.pool.size());
    if (available < draw.count) {
      errors.push_back({field, draw_error(plan, held.size(), available)});
    }
    draws.push_back(std::move(draw));
  }
  if (!errors.empty()) {
    std::string detail;
    for (const auto& e : errors) {
      detail += (detail.empty() ? "" : "; ") + e.field + ": " + e.message;
    }
    throw core::Error(core::ErrorCode::kInvalidArgument, std::move(detail), std::move(errors));
  }
  return draws;
}

}  // namespace

std::vector<std::string> attempt_questions(std::span<const SectionPlan> sections,
                                           const BankIdsByTag& bank_ids_by_tag,
                                           bool shuffle_questions, std::uint64_t seed) {
  IdSet taken;
  for (const auto& plan : sections) {
    taken.insert(plan.question_ids.begin(), plan.question_ids.end());
  }
  const auto draws = planned_draws(sections, bank_ids_by_tag, taken);
  auto draw = draws.begin();
  Generator gen(seed);
  std::vector<std::string> questions;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    std::vector<std::string> section = sections[i].question_ids;
    if (draw != draws.end() && draw->section == i) {
      for (auto& id : pick(pool_of(draw->pool, taken), draw->count, gen)) {
        taken.insert(id);
        section.push_back(std::move(id));
      }
      ++draw;
    }
    if (shuffle_questions) {
      shuffle(section, gen);
    }
    questions.insert(questions.end(), section.begin(), section.end());
  }
  return questions;
}

std::vector<std::string> shuffled_options(std::span<const std::string> ids, std::uint64_t seed,
                                          std::string_view question_id) {
  Generator gen(mix(seed ^ fnv1a(question_id)));
  std::vector<std::string> order(ids.begin(), ids.end());
  shuffle(order, gen);
  return order;
}

}  // namespace classroom::exams
