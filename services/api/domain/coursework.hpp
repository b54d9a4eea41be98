#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "services/api/model.hpp"

// Coursework's field rules: what a teacher may write, checked together.
namespace classroom::api {

// A link as a client sends it: without a title, the URL is its title.
struct LinkInput {
  std::string url;
  std::optional<std::string> title;
};
// `links` checked: at most `max`, http(s) URLs, titles of at most 300
// characters; a 422 names `field[i].url` or `.title`.
std::vector<Link> checked_links(std::string_view field, const std::vector<LinkInput>& links,
                                std::size_t max);

// What a teacher writes of coursework (its state aside).
struct CourseworkFields {
  std::string title;
  std::optional<std::string> description;
  std::string work_type;  // ASSIGNMENT or MATERIAL; fixed once created
  std::optional<std::string> topic_id;
  std::optional<std::int64_t> max_points;
  std::optional<std::string> due_at;
  std::vector<Link> materials;
  std::optional<std::string> scheduled_at;
  std::optional<std::vector<std::string>> assignees;  // nullopt: every student
};

// A member of a request: absent (nullopt), or present with its value, null included.
template <class T>
using Change = std::optional<std::optional<T>>;

struct CourseworkChange {
  Change<std::string> title;
  Change<std::string> description;
  Change<std::string> work_type;
  Change<std::string> topic_id;
  Change<double> max_points;
  Change<std::string> due_at;
  Change<std::vector<LinkInput>> materials;
  Change<std::string> state;  // DRAFT or PUBLISHED
  Change<std::string> scheduled_at;
  Change<std::vector<std::string>> assignees;
};

struct CourseworkDraft {
  CourseworkFields fields;
  bool publish = false;  // the change publishes it
};

// Applies `change` to `draft` (a new one when `creating`, else the current
// fields): one 422 names every invalid field. Whether the topic and the
// assignees belong to the course is the store's to check.
void apply_change(const CourseworkChange& change, CourseworkDraft& draft, bool creating,
                  core::Clock::time_point now);

}  // namespace classroom::api
