#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "services/api/model.hpp"

// Grades and what they add up to. Points are hundredths (domain.hpp).
namespace classroom::api {

// `value` as a grade of coursework worth `max_points`: from 0 to the maximum
// with two decimals at most. An invalid-field error naming `field` otherwise,
// also for ungraded coursework (no maximum).
std::int64_t checked_grade(std::string_view field, double value,
                           std::optional<std::int64_t> max_points);

// The assigned grade once work is returned: the draft grade when there is
// one (what the teacher prepared is what the student gets), else the
// assigned grade as it was.
std::optional<std::int64_t> grade_on_return(std::optional<std::int64_t> draft,
                                            std::optional<std::int64_t> assigned);

// Does writing `after` over `before` change what the student is shown of
// their submission? All of it is theirs to see but the draft grade.
bool student_sees_change(const Submission& before, const Submission& after);

// Work past its due date that was not turned in is missing. `late` is as
// stored (queries compute it, to filter lists by it).
bool is_missing(std::string_view state, bool late);

// A student's points over the items graded so far: an item counts toward
// what is possible only once it has a grade, so ungraded work does not lower
// the percentage.
struct PointsTotal {
  std::int64_t earned = 0;
  std::int64_t possible = 0;

  void add(std::optional<std::int64_t> grade, std::int64_t max_points);
  // 100 × earned / possible to two decimals; nullopt while nothing is graded.
  std::optional<double> percentage() const;
};

}  // namespace classroom::api
