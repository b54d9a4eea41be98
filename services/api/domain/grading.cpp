#include "services/api/domain/grading.hpp"

#include <string>

#include "core/errors.hpp"
#include "services/api/domain.hpp"

namespace classroom::api {

std::int64_t checked_grade(std::string_view field, double value,
                           std::optional<std::int64_t> max_points) {
  if (!max_points) {
    throw core::invalid_field(std::string(field), "this coursework is ungraded");
  }
  auto points = to_hundredths(value);
  if (!points || *points > *max_points) {
    throw core::invalid_field(std::string(field), "must be from 0 to " + points_text(*max_points) +
                                                      " with two decimals at most");
  }
  return *points;
}

std::optional<std::int64_t> grade_on_return(std::optional<std::int64_t> draft,
                                            std::optional<std::int64_t> assigned) {
  return draft ? draft : assigned;
}

bool student_sees_change(const Submission& before, const Submission& after) {
  return before.state != after.state || before.text != after.text || before.links != after.links ||
         before.assigned_grade != after.assigned_grade;
}

bool is_missing(std::string_view state, bool late) { return late && !is_turned_in(state); }

void PointsTotal::add(std::optional<std::int64_t> grade, std::int64_t max_points) {
  if (!grade) {
    return;
  }
  earned += *grade;
  possible += max_points;
}

std::optional<double> PointsTotal::percentage() const { return api::percentage(earned, possible); }

}  // namespace classroom::api
