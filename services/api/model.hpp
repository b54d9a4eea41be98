#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/api/domain.hpp"

// The api service's resources as plain values, as the stores read them.
// Times are RFC 3339 text, formatted by PostgreSQL (core/pg/sql.hpp); points are
// hundredths (domain.hpp).
namespace classroom::api {

using Time = std::string;

struct Profile {
  std::string id;
  std::string email;
  std::string display_name;
  bool active = true;
  std::int64_t version = 1;
  Time created_at;
};

struct Course {
  std::string id;
  std::string name;
  std::optional<std::string> section;
  std::optional<std::string> description;
  std::optional<std::string> room;
  std::string state;
  std::string owner_id;
  std::optional<std::string> join_code;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

struct Member {
  std::string course_id;
  std::string user_id;
  std::string display_name;
  std::string role;
  Time joined_at;
};

struct Invitation {
  std::string id;
  std::string course_id;
  std::string course_name;
  std::string email;
  std::string role;
  std::string state;
  std::string invited_by;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

struct Topic {
  std::string id;
  std::string course_id;
  std::string name;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

struct Announcement {
  std::string id;
  std::string course_id;
  std::string author_id;
  std::string text;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

struct Comment {
  std::string id;
  std::string course_id;
  std::optional<std::string> announcement_id;
  std::optional<std::string> coursework_id;
  std::string author_id;
  std::string text;
  Time created_at;
};

struct Link {
  std::string url;
  std::string title;

  bool operator==(const Link&) const = default;
};

struct Coursework {
  std::string id;
  std::string course_id;
  std::string author_id;
  std::string title;
  std::optional<std::string> description;
  std::string work_type;
  std::optional<std::string> topic_id;
  std::optional<std::int64_t> max_points;
  std::optional<Time> due_at;
  std::vector<Link> materials;
  std::string state;
  std::optional<Time> scheduled_at;
  std::optional<Time> published_at;
  std::optional<std::vector<std::string>> assignees;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
};

struct HistoryEntry {
  Time at;
  std::string actor_id;
  std::string kind;  // STATE, DRAFT, ASSIGNED
  std::optional<std::string> state;
  std::optional<std::int64_t> grade;
};

struct Submission {
  std::string id;
  std::string coursework_id;
  std::string course_id;
  std::string student_id;
  std::string state;
  bool late = false;
  std::optional<Time> turned_in_at;
  std::optional<std::int64_t> draft_grade;
  std::optional<std::int64_t> assigned_grade;
  std::string text;
  std::vector<Link> links;
  std::int64_t version = 1;
  Time created_at;
  Time updated_at;
  // What the student is shown has its own version and time of change, which a
  // draft grade (the teacher's alone) leaves alone: their ETag and updatedAt.
  std::int64_t student_version = 1;
  Time student_updated_at;
  std::vector<HistoryEntry> history;
};

}  // namespace classroom::api
