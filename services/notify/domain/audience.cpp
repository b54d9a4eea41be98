#include "services/notify/domain/audience.hpp"

#include <algorithm>
#include <functional>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace classroom::notify {

namespace {

using Notices = std::vector<Notice>;
// What notify knows of the people an event is about.
struct Known {
  const DisplayNames& names;
  const VerifiedEmails& verified;
};
using Rule = Notices (*)(const Envelope&, const Known&);

const std::string& need(const Envelope& e, std::string_view field) {
  auto it = e.data.find(field);
  if (it == e.data.end() || it->second.empty()) {
    throw InvalidEvent(e.type + ": data." + std::string(field) + " is missing");
  }
  return it->second;
}

std::optional<std::string> maybe(const Envelope& e, std::string_view field) {
  auto it = e.data.find(field);
  if (it == e.data.end() || it->second.empty()) {
    return std::nullopt;
  }
  return it->second;
}

const std::string& need_id(const Envelope& e, std::string_view field) {
  const auto& value = need(e, field);
  if (!core::is_uuid(value)) {
    throw InvalidEvent(e.type + ": data." + std::string(field) + " is not a UUID");
  }
  return value;
}

const std::string& course(const Envelope& e) {
  if (!e.course_id || !core::is_uuid(*e.course_id)) {
    throw InvalidEvent(e.type + ": courseId is missing");
  }
  return *e.course_id;
}

const std::vector<std::string>& listed(const Envelope& e) {
  if (!e.recipient_ids) {
    throw InvalidEvent(e.type + ": data.recipientIds is missing");
  }
  return *e.recipient_ids;
}

// "2026-11-24 20:45 UTC": a time as people read it.
std::string readable(const Envelope& e, std::string_view field) {
  auto t = core::parse_time(need(e, field));
  if (!t) {
    throw InvalidEvent(e.type + ": data." + std::string(field) + " is not an RFC 3339 time");
  }
  auto text = core::format_time(std::chrono::time_point_cast<core::Clock::duration>(*t));
  return text.substr(0, 10) + " " + text.substr(11, 5) + " UTC";
}

std::string name(const DisplayNames& names, const std::optional<std::string>& user,
                 std::string_view fallback) {
  if (user) {
    if (auto it = names.find(*user); it != names.end() && !it->second.empty()) {
      return it->second;
    }
  }
  return std::string(fallback);
}

std::string course_name(const Envelope& e) {
  return maybe(e, "courseName").value_or("your course");
}

// `people` without the actor, `also_excluded` and what is not a user id,
// each once, in their order.
std::vector<std::string> without_actor(const Envelope& e, std::vector<std::string> people,
                                       const std::optional<std::string>& also_excluded = {}) {
  std::vector<std::string> out;
  for (auto& p : people) {
    bool excluded = !core::is_uuid(p) || p == e.actor_id || p == also_excluded;
    if (!excluded && std::find(out.begin(), out.end(), p) == out.end()) {
      out.push_back(std::move(p));
    }
  }
  return out;
}

Notices one(std::vector<std::string> recipients, std::string title, std::string body,
            std::string link) {
  if (recipients.empty()) {
    return {};
  }
  return {Notice{std::move(recipients), std::nullopt, std::move(title), std::move(body),
                 std::move(link)}};
}

std::string course_path(const Envelope& e) { return "/courses/" + course(e); }
std::string coursework_path(const Envelope& e) {
  return course_path(e) + "/coursework/" + need_id(e, "courseworkId");
}
std::string exam_path(const Envelope& e) {
  return course_path(e) + "/exams/" + need_id(e, "examId");
}

// Rules, one per type ----------------------------------------------------------

Notices user_reactivated(const Envelope& e, const Known&) {
  return one(without_actor(e, {need_id(e, "userId")}), "Your account is active again",
             "An administrator reactivated your account: you can sign in again.", "/");
}

Notices user_role_changed(const Envelope& e, const Known&) {
  bool admin = need(e, "role") == "admin";
  return one(without_actor(e, {need_id(e, "userId")}),
             admin ? "You are now an administrator" : "You are no longer an administrator",
             admin ? "An administrator gave your account the administrator role."
                   : "An administrator took the administrator role from your account.",
             "/");
}

Notices member_added(const Envelope& e, const Known& known) {
  const auto& user = need_id(e, "userId");
  auto who = name(known.names, user, "A new member");
  auto how = need(e, "via") == "invitation" ? "by accepting an invitation" : "with the join code";
  auto recipients = without_actor(e, e.recipient_ids.value_or(std::vector<std::string>{}), user);
  return one(std::move(recipients), who + " joined " + course_name(e),
             who + " joined as a " + need(e, "role") + ", " + how + ".",
             course_path(e) + "/members");
}

Notices member_removed(const Envelope& e, const Known& known) {
  if (need(e, "reason") != "removed") {
    return {};  // they left: the only one who would be told is the actor
  }
  auto by = name(known.names, e.actor_id, "A teacher");
  return one(without_actor(e, {need_id(e, "userId")}), "You were removed from " + course_name(e),
             by + " removed you from " + course_name(e) + ".", "/courses");
}

// Whether `user` proved the address `email`; an implausible address matches nothing.
bool proved(const VerifiedEmails& verified, const std::string& user, const std::string& email) {
  auto it = verified.find(user);
  if (it == verified.end()) {
    return false;
  }
  try {
    return core::normalize_email(it->second) == core::normalize_email(email);
  } catch (const core::Error&) {
    return false;
  }
}

Notices invitation_created(const Envelope& e, const Known& known) {
  auto by = name(known.names, e.actor_id, "A teacher");
  auto title = "Invitation to " + course_name(e);
  auto body = by + " invited you to join " + course_name(e) + " as a " + need(e, "role") + ".";
  std::string link = "/invitations";
  const auto& email = need(e, "email");
  // The e-mail goes to the invited address whatever any account's
  // preferences: an account may have registered the address without owning
  // it, and must not be able to silence the invitation to its owner. Nor may
  // it read the invitation in its inbox: the account with the address gets
  // the item only once it proved the address (docs/decisions.md).
  auto invitee = maybe(e, "inviteeId");
  auto recipients = invitee && proved(known.verified, *invitee, email)
                        ? without_actor(e, {*invitee})
                        : std::vector<std::string>{};
  return {Notice{std::move(recipients), email, std::move(title), std::move(body), std::move(link)}};
}

Notices announcement_posted(const Envelope& e, const Known& known) {
  const auto& author = need_id(e, "authorId");
  auto path = course_path(e) + "/announcements/" + need_id(e, "announcementId");
  return one(without_actor(e, listed(e), author), "New announcement in " + course_name(e),
             name(known.names, author, "A member") + ": " + need(e, "excerpt"), std::move(path));
}

Notices comment_posted(const Envelope& e, const Known& known) {
  const auto& author = need_id(e, "authorId");
  auto path = maybe(e, "announcementId")
                  ? course_path(e) + "/announcements/" + need_id(e, "announcementId")
                  : coursework_path(e);
  return one(without_actor(e, listed(e), author), "New comment in " + course_name(e),
             name(known.names, author, "A member") + ": " + need(e, "excerpt"), std::move(path));
}

Notices coursework_published(const Envelope& e, const Known&) {
  bool material = need(e, "workType") == "MATERIAL";
  const auto& title = need(e, "title");
  std::string body = course_name(e);
  if (maybe(e, "dueAt")) {
    body += ": due " + readable(e, "dueAt") + ".";
  } else {
    body += material ? ": material to read." : ": no due date.";
  }
  return one(without_actor(e, listed(e)),
             (material ? "New material: " : "New assignment: ") + title, std::move(body),
             coursework_path(e));
}

Notices coursework_due_soon(const Envelope& e, const Known&) {
  const auto& title = need(e, "title");
  return one(without_actor(e, listed(e)), "Due soon: " + title,
             title + " in " + course_name(e) + " is due " + readable(e, "dueAt") +
                 ", and you have not turned it in yet.",
             coursework_path(e));
}

Notices submission_turned_in(const Envelope& e, const Known& known) {
  const auto& student = need_id(e, "studentId");
  bool late = maybe(e, "late") == "true";
  auto path = coursework_path(e) + "/submissions/" + need_id(e, "submissionId");
  auto recipients = without_actor(e, e.recipient_ids.value_or(std::vector<std::string>{}), student);
  return one(std::move(recipients),
             name(known.names, student, "A student") + " turned in " + need(e, "title"),
             course_name(e) + (late ? ": turned in late." : ": turned in on time."),
             std::move(path));
}

Notices submission_returned(const Envelope& e, const Known&) {
  const auto& title = need(e, "title");
  std::string body = "Your work in " + course_name(e) + " was returned";
  if (auto grade = maybe(e, "assignedGrade")) {
    auto max = maybe(e, "maxPoints");
    body += " with " + *grade + (max ? " of " + *max : "") + " points.";
  } else {
    body += ".";
  }
  return one(without_actor(e, {need_id(e, "studentId")}), "Returned: " + title, std::move(body),
             coursework_path(e));
}

std::string exam_times(const Envelope& e) {
  std::string text = maybe(e, "opensAt") ? "Opens " + readable(e, "opensAt") : "Open now";
  if (maybe(e, "closesAt")) {
    text += ", closes " + readable(e, "closesAt");
  }
  if (auto limit = maybe(e, "timeLimitMinutes")) {
    text += ", time limit " + *limit + " minutes";
  }
  return text + ".";
}

Notices exam_published(const Envelope& e, const Known&) {
  return one(without_actor(e, listed(e)), "New exam: " + need(e, "title"), exam_times(e),
             exam_path(e));
}

Notices exam_closed(const Envelope& e, const Known&) {
  const auto& title = need(e, "title");
  return one(without_actor(e, listed(e)), "Exam closed: " + title,
             title + " is closed: attempts can no longer be started or submitted.", exam_path(e));
}

Notices exam_opening_soon(const Envelope& e, const Known&) {
  return one(without_actor(e, listed(e)), "Exam opens soon: " + need(e, "title"), exam_times(e),
             exam_path(e));
}

Notices attempt_submitted(const Envelope& e, const Known&) {
  const auto& title = need(e, "title");
  bool by_deadline = maybe(e, "byDeadline") == "true";
  std::string body = "Your attempt " + need(e, "number") + " at " + title + " was submitted " +
                     (by_deadline ? "when its time ran out." : "when the exam was closed.");
  if (need(e, "state") == "SUBMITTED") {
    body += " An answer waits for your teacher's grading.";
  }
  // A student who submitted themself is the actor, and is not told.
  return one(without_actor(e, {need_id(e, "studentId")}),
             (by_deadline ? "Time is up: " : "Attempt submitted: ") + title, std::move(body),
             exam_path(e));
}

Notices exam_result_released(const Envelope& e, const Known&) {
  return one(without_actor(e, {need_id(e, "studentId")}), "Result released: " + need(e, "title"),
             "You scored " + need(e, "points") + " of " + need(e, "maxPoints") + " points.",
             exam_path(e));
}

const std::map<std::string_view, Rule>& rules() {
  static const std::map<std::string_view, Rule> kRules = {
      {"user.reactivated", user_reactivated},
      {"user.role_changed", user_role_changed},
      {"course.member_added", member_added},
      {"course.member_removed", member_removed},
      {"invitation.created", invitation_created},
      {"announcement.posted", announcement_posted},
      {"comment.posted", comment_posted},
      {"coursework.published", coursework_published},
      {"coursework.due_soon", coursework_due_soon},
      {"submission.turned_in", submission_turned_in},
      {"submission.returned", submission_returned},
      {"exam.published", exam_published},
      {"exam.closed", exam_closed},
      {"exam.opening_soon", exam_opening_soon},
      {"attempt.submitted", attempt_submitted},
      {"exam.result_released", exam_result_released},
  };
  return kRules;
}

}  // namespace

std::vector<Notice> audience(const Envelope& event, const DisplayNames& names,
                             const VerifiedEmails& verified) {
  auto rule = rules().find(event.type);
  if (rule == rules().end()) {
    return {};
  }
  return rule->second(event, Known{names, verified});
}

std::vector<std::string> people_named(const Envelope& event) {
  std::vector<std::string> people;
  if (event.actor_id && core::is_uuid(*event.actor_id)) {
    people.push_back(*event.actor_id);
  }
  for (auto field : {"userId", "studentId", "authorId"}) {
    if (auto id = maybe(event, field);
        id && core::is_uuid(*id) && std::find(people.begin(), people.end(), *id) == people.end()) {
      people.push_back(*id);
    }
  }
  return people;
}

std::vector<std::string> people_verified(const Envelope& event) {
  auto invitee = event.type == "invitation.created" ? maybe(event, "inviteeId") : std::nullopt;
  if (invitee && core::is_uuid(*invitee)) {
    return {*invitee};
  }
  return {};
}

bool needs_course_students(std::string_view type) {
  return type == "exam.published" || type == "exam.closed";
}

}  // namespace classroom::notify
