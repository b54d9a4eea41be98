#include "services/api/domain/coursework.hpp"

#include <set>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "services/api/domain.hpp"

namespace classroom::api {

namespace {

constexpr std::size_t kTitleMax = 300;
constexpr std::size_t kDescriptionMax = 20000;
constexpr std::size_t kMaterialsMax = 20;
constexpr std::int64_t kMaxPointsLimit = std::int64_t{10000} * 100;

template <class T>
std::optional<T> flat(const Change<T>& change) {
  return change ? *change : std::nullopt;
}

std::vector<std::string> assignees(const std::vector<std::string>& ids) {
  if (ids.empty()) {
    throw core::invalid_field("assignees", "give at least one student, or null for all");
  }
  std::set<std::string> unique;
  for (const auto& id : ids) {
    if (!core::is_uuid(id)) {
      throw core::invalid_field("assignees", "must be user ids");
    }
    unique.insert(id);
  }
  return {unique.begin(), unique.end()};
}

}  // namespace

void apply_change(const CourseworkChange& change, CourseworkDraft& draft, bool creating,
                  core::Clock::time_point now) {
  CourseworkFields& f = draft.fields;
  core::Validation v;
  if (creating || change.title.has_value()) {
    v.check([&] {
      f.title = core::required_name("title", flat(change.title).value_or(""), kTitleMax);
    });
  }
  if (change.description.has_value()) {
    v.check([&] {
      f.description = core::optional_text("description", flat(change.description), kDescriptionMax);
    });
  }
  if (creating) {
    v.check([&] {
      f.work_type = flat(change.work_type).value_or("");
      if (f.work_type != "ASSIGNMENT" && f.work_type != "MATERIAL") {
        throw core::invalid_field("workType", "must be ASSIGNMENT or MATERIAL");
      }
    });
  } else if (change.work_type.has_value() && flat(change.work_type) != f.work_type) {
    v.check([] { throw core::invalid_field("workType", "cannot change; create new coursework"); });
  }
  if (change.topic_id.has_value()) {
    v.check([&] {
      if (flat(change.topic_id) && !core::is_uuid(*flat(change.topic_id))) {
        throw core::invalid_field("topicId", "is not a topic of this course");
      }
      f.topic_id = flat(change.topic_id);
    });
  }
  if (change.max_points.has_value()) {
    v.check([&] {
      f.max_points.reset();
      if (flat(change.max_points)) {
        auto points = to_hundredths(*flat(change.max_points));
        if (!points || *points <= 0 || *points > kMaxPointsLimit) {
          throw core::invalid_field(
              "maxPoints", "must be more than 0 and at most 10000, with two decimals at most");
        }
        f.max_points = points;
      }
    });
  }
  if (change.due_at.has_value()) {
    v.check([&] {
      f.due_at.reset();
      if (flat(change.due_at)) {
        f.due_at = time_field("dueAt", *flat(change.due_at));
      }
    });
  }
  if (change.materials.has_value()) {
    v.check([&] {
      f.materials = checked_links(
          "materials", flat(change.materials).value_or(std::vector<LinkInput>{}), kMaterialsMax);
    });
  }
  if (change.assignees.has_value()) {
    v.check([&] {
      f.assignees.reset();
      if (flat(change.assignees)) {
        f.assignees = assignees(*flat(change.assignees));
      }
    });
  }
  if (change.state.has_value()) {
    v.check([&] {
      if (flat(change.state) != "DRAFT" && flat(change.state) != "PUBLISHED") {
        throw core::invalid_field("state", "must be DRAFT or PUBLISHED");
      }
      draft.publish = flat(change.state) == "PUBLISHED";
    });
  }
  if (change.scheduled_at.has_value()) {
    v.check([&] {
      f.scheduled_at.reset();
      if (flat(change.scheduled_at)) {
        auto text = time_field("scheduledAt", *flat(change.scheduled_at));
        if (*core::parse_time(text) <= now) {
          throw core::invalid_field("scheduledAt", "must be in the future");
        }
        f.scheduled_at = text;
      }
    });
  }
  if (f.work_type == "MATERIAL" && (f.max_points || f.due_at)) {
    v.check(
        [] { throw core::invalid_field("workType", "materials have no points and no due date"); });
  }
  if (draft.publish && f.scheduled_at && creating) {
    v.check(
        [] { throw core::invalid_field("scheduledAt", "a scheduled item is created as a DRAFT"); });
  }
  v.throw_if_invalid();
}

std::vector<Link> checked_links(std::string_view field, const std::vector<LinkInput>& links,
                                std::size_t max) {
  if (links.size() > max) {
    throw core::invalid_field(std::string(field), "at most " + std::to_string(max) + " links");
  }
  std::vector<Link> out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    std::string item = std::string(field) + "[" + std::to_string(i) + "]";
    if (!is_web_url(links[i].url)) {
      throw core::invalid_field(item + ".url", "must be an http or https URL");
    }
    auto title = core::optional_name(item + ".title", links[i].title, 300);
    out.push_back(Link{links[i].url, title.value_or(links[i].url)});
  }
  return out;
}

}  // namespace classroom::api
