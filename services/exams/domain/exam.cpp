#include "services/exams/domain/exam.hpp"

#include <cmath>
#include <set>

#include "core/text.hpp"
#include "services/exams/domain/grading.hpp"

namespace classroom::exams {

namespace {

std::int64_t hundredths(double points) { return std::llround(round_points(points) * 100); }

bool whole_hundredths(double points) {
  return std::isfinite(points) && std::abs(points * 100 - std::round(points * 100)) < 1e-6;
}

}  // namespace

std::int64_t max_points(std::span<const Section> sections) {
  std::int64_t total = 0;
  for (const Section& s : sections) {
    for (const Question& q : s.questions) {
      total += hundredths(q.points);
    }
    if (s.draw) {
      total += s.draw->count * hundredths(s.draw->points_each);
    }
  }
  return total;
}

std::size_t question_count(std::span<const Section> sections) {
  std::size_t n = 0;
  for (const Section& s : sections) {
    n += s.questions.size() + (s.draw ? static_cast<std::size_t>(std::max(s.draw->count, 0)) : 0);
  }
  return n;
}

std::vector<core::FieldError> section_problems(std::span<const Section> sections) {
  std::vector<core::FieldError> problems;
  if (sections.size() > kMaxSections) {
    problems.push_back({"sections", "at most " + std::to_string(kMaxSections) + " sections"});
  }
  if (question_count(sections) > kMaxQuestions) {
    problems.push_back(
        {"sections", "at most " + std::to_string(kMaxQuestions) + " questions in an exam"});
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const Section& s = sections[i];
    std::string at = "sections[" + std::to_string(i) + "]";
    if (s.title.size() > kTitleMax) {
      problems.push_back({at + ".title", "at most " + std::to_string(kTitleMax) + " characters"});
    } else if (auto fault = core::text_fault(s.title, core::TextKind::kName)) {
      problems.push_back({at + ".title", std::move(*fault)});
    }
    if (s.draw && !s.questions.empty()) {
      problems.push_back({at, "a section has questions or a draw, not both"});
    }
    if (s.draw) {
      const Draw& d = *s.draw;
      if (d.tag.empty() || d.tag.size() > kTagMax) {
        problems.push_back({at + ".draw.tag", "1 to " + std::to_string(kTagMax) + " characters"});
      }
      if (d.count < 1 || d.count > kMaxDraw) {
        problems.push_back({at + ".draw.count", "1 to " + std::to_string(kMaxDraw)});
      }
      if (d.points_each < 0 || !whole_hundredths(d.points_each)) {
        problems.push_back({at + ".draw.pointsEach", "at least 0, in hundredths"});
      }
    }
    for (std::size_t j = 0; j < s.questions.size(); ++j) {
      if (!ids.insert(s.questions[j].id).second) {
        problems.push_back({at + ".questions[" + std::to_string(j) + "].id",
                            "another question of the exam has this id"});
      }
    }
  }
  return problems;
}

std::vector<core::FieldError> publish_problems(
    std::span<const Section> sections, const std::function<int(const std::string& tag)>& tagged) {
  std::vector<core::FieldError> problems;
  if (question_count(sections) == 0) {
    problems.push_back({"sections", "an exam needs at least one question to be published"});
  }
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& draw = sections[i].draw;
    if (!draw) {
      continue;
    }
    int available = tagged(draw->tag);
    if (available < draw->count) {
      problems.push_back({"sections[" + std::to_string(i) + "].draw",
                          "draws " + std::to_string(draw->count) + " questions tagged \"" +
                              draw->tag + "\" but the bank holds " + std::to_string(available)});
    }
  }
  return problems;
}

}  // namespace classroom::exams
