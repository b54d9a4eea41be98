#pragma once

#include <string_view>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Result;
}

// Reading the api's rows in the column order of queries.hpp's *_COLUMNS.
namespace classroom::api::rows {

Profile profile(const core::pg::Result& r, int row);
// Columns 0-10; `role` (the caller's) is read separately.
Course course(const core::pg::Result& r, int row);
Invitation invitation(const core::pg::Result& r, int row);
Topic topic(const core::pg::Result& r, int row);
Announcement announcement(const core::pg::Result& r, int row);
Comment comment(const core::pg::Result& r, int row);
Coursework coursework(const core::pg::Result& r, int row);
Submission submission(const core::pg::Result& r, int row);

// `[{url, title}]` as stored (jsonb text) and back.
std::vector<Link> links(std::string_view json);
std::string links_json(const std::vector<Link>& links);
// A PostgreSQL array literal of uuids, for `$n::uuid[]`.
std::string uuid_array(const std::vector<std::string>& ids);

}  // namespace classroom::api::rows
