#pragma once

#include <boost/json/fwd.hpp>
#include <span>
#include <string>
#include <vector>

#include "services/exams/domain/exam.hpp"

// Sections as JSON: what a teacher sends, what the exams table keeps
// (keys included) and what callers are shown.
namespace classroom::exams {

// `[{title?, questions: [question]} | {title?, draw: {tag, count, pointsEach}}]`
// named `field` in the request: every problem, the questions' own included
// (question_json.hpp) and section_problems(), in one 422.
std::vector<Section> sections_from_json(const boost::json::value& v, const std::string& field);
// With keys for teachers and for storage; without for students.
boost::json::array sections_to_json(std::span<const Section> sections, bool with_key);

// The sections as the exams table keeps them, and back.
std::string stored_sections(std::span<const Section> sections);
std::vector<Section> sections_of(const std::string& stored);

}  // namespace classroom::exams
