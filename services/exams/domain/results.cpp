#include "services/exams/domain/results.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <iterator>
#include <unordered_map>

#include "services/exams/domain/grading.hpp"

namespace classroom::exams {

namespace {

constexpr std::array<std::string_view, 4> kGradingNames = {"HIGHEST", "LATEST", "FIRST", "AVERAGE"};
constexpr std::array<std::string_view, 3> kReleaseNames = {"IMMEDIATE", "AFTER_CLOSE", "MANUAL"};

template <class Enum, std::size_t n>
std::optional<Enum> parse(const std::array<std::string_view, n>& names, std::string_view name) {
  for (std::size_t i = 0; i < n; ++i) {
    if (names[i] == name) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

struct Entry {
  double total;
  double points;
  double max_points;
};

// Facility of the `k` best attempts of `entries`, ranked by `better`
// totals. The attempts tied with the k-th share the places left equally.
template <class Better>
std::optional<double> group_facility(std::vector<Entry> entries, std::size_t k, Better better) {
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const Entry& a, const Entry& b) { return better(a.total, b.total); });
  const double edge = entries[k - 1].total;
  std::size_t above = 0;
  std::size_t tied = 0;
  for (const auto& e : entries) {
    above += better(e.total, edge) ? 1 : 0;
    tied += e.total == edge ? 1 : 0;
  }
  const double tied_weight = static_cast<double>(k - above) / static_cast<double>(tied);
  double points = 0;
  double possible = 0;
  for (const auto& e : entries) {
    double weight = better(e.total, edge) ? 1 : e.total == edge ? tied_weight : 0;
    points += weight * e.points;
    possible += weight * e.max_points;
  }
  if (possible <= 0) {
    return std::nullopt;
  }
  return points / possible;
}

std::optional<double> discrimination(const std::vector<Entry>& entries) {
  if (entries.size() < 2) {
    return std::nullopt;
  }
  // Kelley's 27%; never more than half, so the groups never overlap.
  const auto k = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::llround(0.27 * static_cast<double>(entries.size()))));
  auto upper = group_facility(entries, k, std::greater<double>());
  auto lower = group_facility(entries, k, std::less<double>());
  if (!upper || !lower) {
    return std::nullopt;
  }
  return *upper - *lower;
}

QuestionStatistics question_statistics(const std::string& question_id,
                                       const std::vector<Entry>& entries, int answered) {
  QuestionStatistics s{question_id,  answered,    static_cast<int>(entries.size()), 0, 0,
                       std::nullopt, std::nullopt};
  double points = 0;
  double possible = 0;
  for (const auto& e : entries) {
    points += e.points;
    possible += e.max_points;
    s.max_points = std::max(s.max_points, e.max_points);
  }
  s.mean_points = points / static_cast<double>(entries.size());
  if (possible > 0) {
    s.facility = points / possible;
    s.discrimination = discrimination(entries);
  }
  return s;
}

}  // namespace

std::string_view grading_policy_name(GradingPolicy policy) {
  return kGradingNames.at(static_cast<std::size_t>(policy));
}

std::optional<GradingPolicy> parse_grading_policy(std::string_view name) {
  return parse<GradingPolicy>(kGradingNames, name);
}

std::string_view release_policy_name(ReleasePolicy policy) {
  return kReleaseNames.at(static_cast<std::size_t>(policy));
}

std::optional<ReleasePolicy> parse_release_policy(std::string_view name) {
  return parse<ReleasePolicy>(kReleaseNames, name);
}

std::optional<double> policy_score(GradingPolicy policy, std::span<const AttemptScore> attempts) {
  std::vector<AttemptScore> graded;
  std::copy_if(attempts.begin(), attempts.end(), std::back_inserter(graded),
               [](const AttemptScore& a) { return a.graded; });
  if (graded.empty()) {
    return std::nullopt;
  }
  auto by_number = [](const AttemptScore& a, const AttemptScore& b) { return a.number < b.number; };
  switch (policy) {
    case GradingPolicy::kHighest:
      return std::max_element(graded.begin(), graded.end(),
                              [](const auto& a, const auto& b) { return a.score < b.score; })
          ->score;
    case GradingPolicy::kLatest:
      return std::max_element(graded.begin(), graded.end(), by_number)->score;
    case GradingPolicy::kFirst:
      return std::min_element(graded.begin(), graded.end(), by_number)->score;
    case GradingPolicy::kAverage: {
      double sum = 0;
      for (const auto& a : graded) {
        sum += a.score;
      }
      return round_points(sum / static_cast<double>(graded.size()));
    }
  }
  return std::nullopt;
}

bool result_visible(ReleasePolicy policy, ExamState state, bool graded,
                    std::optional<core::Timestamp> released_at) {
  if (!graded) {
    return false;
  }
  switch (policy) {
    case ReleasePolicy::kImmediate:
      return true;
    case ReleasePolicy::kAfterClose:
      return state == ExamState::kClosed;
    case ReleasePolicy::kManual:
      return released_at.has_value();
  }
  return false;
}

std::vector<QuestionStatistics> statistics(std::span<const ScoredAttempt> attempts) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::string> order;
  std::vector<std::vector<Entry>> entries;
  std::vector<int> answered;
  for (const auto& attempt : attempts) {
    for (const auto& q : attempt.questions) {
      auto [at, added] = index.try_emplace(q.question_id, order.size());
      const std::size_t i = at->second;
      if (added) {
        order.push_back(q.question_id);
        entries.emplace_back();
        answered.push_back(0);
      }
      entries[i].push_back(Entry{attempt.total, q.points.value_or(0), q.max_points});
      answered[i] += q.points ? 1 : 0;
    }
  }
  std::vector<QuestionStatistics> out;
  for (std::size_t i = 0; i < order.size(); ++i) {
    out.push_back(question_statistics(order[i], entries[i], answered[i]));
  }
  return out;
}

}  // namespace classroom::exams
