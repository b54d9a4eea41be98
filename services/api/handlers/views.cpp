#include "services/api/handlers/views.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace classroom::api::views {

namespace json = boost::json;
using core::json::optional;
using core::json::points;

namespace {

json::array links(const std::vector<Link>& links) {
  json::array out;
  for (const Link& l : links) {
    out.push_back(json::object{{"url", l.url}, {"title", l.title}});
  }
  return out;
}

}  // namespace

json::object profile(const Profile& p, bool with_email) {
  json::object out{{"id", p.id}, {"displayName", p.display_name}, {"createdAt", p.created_at}};
  if (with_email) {
    out["email"] = p.email;
  }
  return out;
}

json::object course(const Course& c, CourseRole my_role) {
  json::object out{{"id", c.id},
                   {"name", c.name},
                   {"section", optional(c.section)},
                   {"description", optional(c.description)},
                   {"room", optional(c.room)},
                   {"state", c.state},
                   {"ownerId", c.owner_id},
                   {"createdAt", c.created_at},
                   {"updatedAt", c.updated_at},
                   {"myRole", my_role == CourseRole::kNone ? json::value(nullptr)
                                                           : json::value(role_name(my_role))}};
  if (is_teacher(my_role)) {
    out["joinCode"] = optional(c.join_code);
  }
  return out;
}

json::object member(const Member& m) {
  return {{"courseId", m.course_id},
          {"userId", m.user_id},
          {"displayName", m.display_name},
          {"role", m.role},
          {"joinedAt", m.joined_at}};
}

json::object invitation(const Invitation& i) {
  return {{"id", i.id},
          {"courseId", i.course_id},
          {"courseName", i.course_name},
          {"email", i.email},
          {"role", i.role},
          {"state", i.state},
          {"invitedBy", i.invited_by},
          {"createdAt", i.created_at},
          {"updatedAt", i.updated_at}};
}

json::object topic(const Topic& t) {
  return {{"id", t.id},
          {"courseId", t.course_id},
          {"name", t.name},
          {"createdAt", t.created_at},
          {"updatedAt", t.updated_at}};
}

json::object announcement(const Announcement& a) {
  return {{"id", a.id},     {"courseId", a.course_id},   {"authorId", a.author_id},
          {"text", a.text}, {"createdAt", a.created_at}, {"updatedAt", a.updated_at}};
}

json::object comment(const Comment& c) {
  json::object out{{"id", c.id},
                   {"courseId", c.course_id},
                   {"authorId", c.author_id},
                   {"text", c.text},
                   {"createdAt", c.created_at}};
  if (c.announcement_id) {
    out["announcementId"] = *c.announcement_id;
  }
  if (c.coursework_id) {
    out["courseworkId"] = *c.coursework_id;
  }
  return out;
}

json::object coursework(const Coursework& cw) {
  json::value assignees = nullptr;
  if (cw.assignees) {
    json::array ids;
    for (const auto& id : *cw.assignees) {
      ids.push_back(json::string(id));
    }
    assignees = std::move(ids);
  }
  return {{"id", cw.id},
          {"courseId", cw.course_id},
          {"authorId", cw.author_id},
          {"title", cw.title},
          {"description", optional(cw.description)},
          {"workType", cw.work_type},
          {"topicId", optional(cw.topic_id)},
          {"maxPoints", points(cw.max_points)},
          {"dueAt", optional(cw.due_at)},
          {"materials", links(cw.materials)},
          {"state", cw.state},
          {"scheduledAt", optional(cw.scheduled_at)},
          {"publishedAt", optional(cw.published_at)},
          {"assignees", std::move(assignees)},
          {"createdAt", cw.created_at},
          {"updatedAt", cw.updated_at}};
}

json::object submission(const Submission& s, bool for_teacher) {
  json::array history;
  for (const HistoryEntry& h : s.history) {
    if (h.kind == "DRAFT" && !for_teacher) {
      continue;
    }
    json::object entry{{"at", h.at}, {"actorId", h.actor_id}};
    if (h.kind == "STATE") {
      entry["state"] = optional(h.state);
    } else {
      entry["gradeType"] = h.kind;
      entry["grade"] = points(h.grade);
    }
    history.push_back(std::move(entry));
  }
  json::object out{{"id", s.id},
                   {"courseworkId", s.coursework_id},
                   {"courseId", s.course_id},
                   {"studentId", s.student_id},
                   {"state", s.state},
                   {"late", s.late},
                   {"turnedInAt", optional(s.turned_in_at)},
                   {"assignedGrade", points(s.assigned_grade)},
                   {"text", s.text},
                   {"links", links(s.links)},
                   {"createdAt", s.created_at},
                   {"updatedAt", for_teacher ? s.updated_at : s.student_updated_at},
                   {"history", std::move(history)}};
  if (for_teacher) {
    out["draftGrade"] = points(s.draft_grade);
  }
  return out;
}

}  // namespace classroom::api::views
