#include "services/api/rows.hpp"

#include <boost/json.hpp>

#include "core/pg/pg.hpp"

namespace classroom::api::rows {

using core::pg::Result;

namespace {

std::vector<std::string> split_ids(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

}  // namespace

Profile profile(const Result& r, int i) {
  return Profile{r.get<std::string>(i, 0), r.get<std::string>(i, 1),  r.get<std::string>(i, 2),
                 r.get<bool>(i, 3),        r.get<std::int64_t>(i, 4), r.get<std::string>(i, 5)};
}

Course course(const Result& r, int i) {
  return Course{r.get<std::string>(i, 0),
                r.get<std::string>(i, 1),
                r.get<std::optional<std::string>>(i, 2),
                r.get<std::optional<std::string>>(i, 3),
                r.get<std::optional<std::string>>(i, 4),
                r.get<std::string>(i, 5),
                r.get<std::string>(i, 6),
                r.get<std::optional<std::string>>(i, 7),
                r.get<std::int64_t>(i, 8),
                r.get<std::string>(i, 9),
                r.get<std::string>(i, 10)};
}

Invitation invitation(const Result& r, int i) {
  return Invitation{r.get<std::string>(i, 0), r.get<std::string>(i, 1),  r.get<std::string>(i, 2),
                    r.get<std::string>(i, 3), r.get<std::string>(i, 4),  r.get<std::string>(i, 5),
                    r.get<std::string>(i, 6), r.get<std::int64_t>(i, 7), r.get<std::string>(i, 8),
                    r.get<std::string>(i, 9)};
}

Topic topic(const Result& r, int i) {
  return Topic{r.get<std::string>(i, 0),  r.get<std::string>(i, 1), r.get<std::string>(i, 2),
               r.get<std::int64_t>(i, 3), r.get<std::string>(i, 4), r.get<std::string>(i, 5)};
}

Announcement announcement(const Result& r, int i) {
  return Announcement{r.get<std::string>(i, 0), r.get<std::string>(i, 1),  r.get<std::string>(i, 2),
                      r.get<std::string>(i, 3), r.get<std::int64_t>(i, 4), r.get<std::string>(i, 5),
                      r.get<std::string>(i, 6)};
}

Comment comment(const Result& r, int i) {
  return Comment{r.get<std::string>(i, 0),
                 r.get<std::string>(i, 1),
                 r.get<std::optional<std::string>>(i, 2),
                 r.get<std::optional<std::string>>(i, 3),
                 r.get<std::string>(i, 4),
                 r.get<std::string>(i, 5),
                 r.get<std::string>(i, 6)};
}

Coursework coursework(const Result& r, int i) {
  Coursework cw;
  cw.id = r.get<std::string>(i, 0);
  cw.course_id = r.get<std::string>(i, 1);
  cw.author_id = r.get<std::string>(i, 2);
  cw.title = r.get<std::string>(i, 3);
  cw.description = r.get<std::optional<std::string>>(i, 4);
  cw.work_type = r.get<std::string>(i, 5);
  cw.topic_id = r.get<std::optional<std::string>>(i, 6);
  cw.max_points = r.get<std::optional<std::int64_t>>(i, 7);
  cw.due_at = r.get<std::optional<std::string>>(i, 8);
  cw.materials = links(r.text(i, 9));
  cw.state = r.get<std::string>(i, 10);
  cw.scheduled_at = r.get<std::optional<std::string>>(i, 11);
  cw.published_at = r.get<std::optional<std::string>>(i, 12);
  if (!r.get<bool>(i, 14)) {
    cw.assignees = split_ids(r.text(i, 13));
  }
  cw.version = r.get<std::int64_t>(i, 15);
  cw.created_at = r.get<std::string>(i, 16);
  cw.updated_at = r.get<std::string>(i, 17);
  return cw;
}

Submission submission(const Result& r, int i) {
  Submission s;
  s.id = r.get<std::string>(i, 0);
  s.coursework_id = r.get<std::string>(i, 1);
  s.course_id = r.get<std::string>(i, 2);
  s.student_id = r.get<std::string>(i, 3);
  s.state = r.get<std::string>(i, 4);
  s.late = r.get<bool>(i, 5);
  s.turned_in_at = r.get<std::optional<std::string>>(i, 6);
  s.draft_grade = r.get<std::optional<std::int64_t>>(i, 7);
  s.assigned_grade = r.get<std::optional<std::int64_t>>(i, 8);
  s.text = r.get<std::string>(i, 9);
  s.links = links(r.text(i, 10));
  s.version = r.get<std::int64_t>(i, 11);
  s.created_at = r.get<std::string>(i, 12);
  s.updated_at = r.get<std::string>(i, 13);
  return s;
}

std::vector<Link> links(std::string_view json) {
  std::vector<Link> out;
  auto parsed = boost::json::parse(json);
  for (const auto& v : parsed.as_array()) {
    const auto& o = v.as_object();
    out.push_back(
        Link{std::string(o.at("url").as_string()), std::string(o.at("title").as_string())});
  }
  return out;
}

std::string links_json(const std::vector<Link>& links) {
  boost::json::array out;
  for (const Link& l : links) {
    out.push_back(boost::json::object{{"url", l.url}, {"title", l.title}});
  }
  return boost::json::serialize(out);
}

std::string uuid_array(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out += (i ? "," : "") + ids[i];
  }
  return out + "}";
}

}  // namespace classroom::api::rows
