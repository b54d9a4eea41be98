#include "services/exams/exam_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "core/json.hpp"
#include "services/exams/question_json.hpp"

namespace classroom::exams {

namespace {

struct DrawBody {
  std::string tag;
  std::int64_t count = 0;
  double points_each = 0;
};
BOOST_DESCRIBE_STRUCT(DrawBody, (), (tag, count, points_each))

struct SectionBody {
  std::optional<std::string> title;
  std::optional<std::vector<boost::json::value>> questions;
  std::optional<DrawBody> draw;
};
BOOST_DESCRIBE_STRUCT(SectionBody, (), (title, questions, draw))

Section section_from_json(const boost::json::value& v, const std::string& at) {
  auto body = core::json::decode_value<SectionBody>(v, at);
  Section section{body.title.value_or(""), {}, std::nullopt};
  if (body.draw) {
    section.draw =
        Draw{body.draw->tag,
             static_cast<int>(std::clamp<std::int64_t>(body.draw->count, -1, kMaxDraw + 1)),
             body.draw->points_each};
  }
  if (!body.questions) {
    return section;
  }
  std::vector<core::FieldError> problems;
  for (std::size_t i = 0; i < body.questions->size(); ++i) {
    core::json::collect(problems, [&] {
      section.questions.push_back(
          question_from_json((*body.questions)[i], at + ".questions[" + std::to_string(i) + "]"));
    });
  }
  if (!problems.empty()) {
    core::json::refuse(std::move(problems));
  }
  return section;
}

}  // namespace

std::vector<Section> sections_from_json(const boost::json::value& v, const std::string& field) {
  if (!v.is_array()) {
    core::json::wrong_type(field, "an array");
  }
  std::vector<Section> sections;
  std::vector<core::FieldError> problems;
  const auto& array = v.get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    core::json::collect(problems, [&] {
      sections.push_back(section_from_json(array[i], field + "[" + std::to_string(i) + "]"));
    });
  }
  if (problems.empty()) {
    problems = section_problems(sections);
  }
  if (!problems.empty()) {
    throw core::Error(core::ErrorCode::kInvalidArgument, "the sections are not valid",
                      std::move(problems));
  }
  return sections;
}

boost::json::array sections_to_json(std::span<const Section> sections, bool with_key) {
  boost::json::array out;
  for (const Section& s : sections) {
    boost::json::object section{{"title", s.title}};
    if (s.draw) {
      section["draw"] = {
          {"tag", s.draw->tag},
          {"count", s.draw->count},
          {"pointsEach", core::json::points(std::llround(s.draw->points_each * 100))}};
    } else {
      boost::json::array questions;
      for (const Question& q : s.questions) {
        questions.push_back(question_to_json(q, with_key));
      }
      section["questions"] = std::move(questions);
    }
    out.push_back(std::move(section));
  }
  return out;
}

std::string stored_sections(std::span<const Section> sections) {
  return boost::json::serialize(sections_to_json(sections, true));
}

std::vector<Section> sections_of(const std::string& stored) {
  return sections_from_json(boost::json::parse(stored), "sections");
}

}  // namespace classroom::exams
