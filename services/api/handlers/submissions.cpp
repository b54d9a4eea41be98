// Submissions: the student's work, its state machine (domain.hpp), grading,
// bulk grading, and the history that is the grade audit trail.
#include <boost/json.hpp>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/problem.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "services/api/domain/grading.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/links.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/member_store.hpp"
#include "services/api/stores/submission_store.hpp"

namespace classroom::api::handlers {

namespace {

constexpr std::size_t kTextMax = 100000;
constexpr std::size_t kLinksMax = 20;
constexpr std::size_t kBulkMax = 500;

struct SubmissionPatch {
  std::optional<std::string> text;
  std::optional<std::vector<LinkInput>> links;
  std::optional<double> draft_grade;
  std::optional<double> assigned_grade;
};
BOOST_DESCRIBE_STRUCT(SubmissionPatch, (), (text, links, draft_grade, assigned_grade))

struct GradeItem {
  std::string student_id;
  std::optional<double> draft_grade;
  std::optional<double> assigned_grade;
  // `return` in JSON (camel_case drops the trailing underscore); the keyword itself cannot be a
  // name.
  std::optional<bool> return_;  // NOLINT(readability-identifier-naming)
};
BOOST_DESCRIBE_STRUCT(GradeItem, (), (student_id, draft_grade, assigned_grade, return_))

struct GradesBody {
  std::vector<boost::json::value> grades;
};
BOOST_DESCRIBE_STRUCT(GradesBody, (), (grades))

// A submission, locked, with what decides who may touch it.
struct Target {
  CourseAccess access;
  Coursework cw;
  Submission submission;
};

bool owns(const Target& t, const core::http::Identity& caller) {
  return t.submission.student_id == caller.user_id;
}

// The submission of the path: read, or locked in a transaction.
asio::awaitable<Submission> submission_of(core::pg::Pool& db, const Coursework& cw,
                                          Request& request) {
  return submission_store::find(db, cw.id, request.param("subId"));
}
asio::awaitable<Submission> submission_of(core::pg::Transaction& tx, const Coursework& cw,
                                          Request& request) {
  return submission_store::lock(tx, cw.id, request.param("subId"));
}

// The submission of the path, or 404 for anyone but the course's teachers,
// administrators and the student it belongs to. In a transaction the course
// and the submission are locked, for a change.
template <class Db>
asio::awaitable<Target> load_target(Db& db, Request& request, const core::http::Identity& caller) {
  auto access = co_await course_access(db, request.param("id"), caller);
  auto cw = co_await visible_coursework(db, access, request.param("cwId"), caller.user_id);
  if (cw.work_type != "ASSIGNMENT") {
    throw Error(ErrorCode::kNotFound, "materials have no submissions");
  }
  auto submission = co_await submission_of(db, cw, request);
  Target target{std::move(access), std::move(cw), std::move(submission)};
  if (!target.access.oversees() && !owns(target, caller)) {
    throw Error(ErrorCode::kNotFound, "no such submission");
  }
  co_return target;
}

asio::awaitable<Target> lock_target(core::pg::Transaction& tx, Request& request,
                                    const core::http::Identity& caller) {
  return load_target(tx, request, caller);
}

// Writes `after` over `before`, appends the history of what changed, and
// tells whom it concerns (turned in: the course's teachers of this moment,
// named; returned: the student).
asio::awaitable<Submission> commit_change(core::pg::Transaction& tx, const Target& t,
                                          const Submission& after, const std::string& actor) {
  const Submission& before = t.submission;
  auto written = co_await submission_store::write(tx, before, after, actor);
  if (after.state != before.state && (after.state == "TURNED_IN" || after.state == "RETURNED")) {
    boost::json::object data{{"submissionId", written.id},
                             {"courseworkId", t.cw.id},
                             {"studentId", written.student_id},
                             {"title", t.cw.title},
                             {"courseName", t.access.course.name}};
    std::string type;
    if (after.state == "TURNED_IN") {
      type = "submission.turned_in";
      data["late"] = written.late;
      auto teachers = co_await member_store::teacher_ids(tx, t.access.course.id);
      data["recipientIds"] = boost::json::array(teachers.begin(), teachers.end());
    } else {
      type = "submission.returned";
      data["assignedGrade"] = core::json::points(written.assigned_grade);
      data["maxPoints"] = core::json::points(t.cw.max_points);
    }
    co_await emit(tx, std::move(type), actor, t.access.course.id, data);
  }
  co_return written;
}

// The version of `s` that the caller's view of it carries, as its ETag: a
// student's leaves out the draft grade.
std::int64_t version_seen(const Submission& s, bool for_teacher) {
  return for_teacher ? s.version : s.student_version;
}

asio::awaitable<Response> submission_response(Service& service, Submission s, bool for_teacher) {
  std::vector<Submission> one{std::move(s)};
  co_await submission_store::load_history(service.db, one);
  co_return core::json::resource(views::submission(one[0], for_teacher),
                                 version_seen(one[0], for_teacher));
}

asio::awaitable<Response> list(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto state = core::http::enum_query(
      request, "state", {"NEW", "CREATED", "TURNED_IN", "RETURNED", "RECLAIMED_BY_STUDENT"});
  auto late_text = core::http::enum_query(request, "late", {"true", "false"});
  std::optional<bool> late;
  if (late_text) {
    late = *late_text == "true";
  }
  auto page = core::http::id_page_request(request, {"state", "late"});
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto cw = co_await visible_coursework(service.db, access, request.param("cwId"), caller.user_id);
  if (cw.work_type != "ASSIGNMENT") {
    throw Error(ErrorCode::kNotFound, "materials have no submissions");
  }
  submission_store::Filter filter{std::nullopt, state, late};
  if (!access.oversees()) {
    filter.student = caller.user_id;
  }
  auto items =
      co_await submission_store::list(service.db, cw.id, filter, page.cursor, page.limit + 1);
  co_await submission_store::load_history(service.db, items);
  bool for_teacher = access.oversees();
  co_return core::json::page_of(
      request, std::move(items), page.limit,
      [for_teacher](const Submission& s) { return views::submission(s, for_teacher); });
}

asio::awaitable<Response> get(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto t = co_await load_target(service.db, request, caller);
  co_return co_await submission_response(service, std::move(t.submission), t.access.oversees());
}

asio::awaitable<Response> patch(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto present = core::json::parse_body(request);
  auto body = core::json::decode_object<SubmissionPatch>(present);
  bool work = present.contains("text") || present.contains("links");
  bool grades = present.contains("draftGrade") || present.contains("assignedGrade");
  if (!work && !grades) {
    throw core::invalid_field("text", "give text or links (students), or grades (teachers)");
  }
  auto tx = co_await service.db.begin();
  auto t = co_await lock_target(tx, request, caller);
  Submission after = t.submission;
  if (work) {
    if (!owns(t, caller) || grades) {
      throw Error(ErrorCode::kPermissionDenied,
                  "only the student edits their work; teachers set grades");
    }
    core::Validation v;
    if (present.contains("text")) {
      // Empty text is the student clearing their work.
      v.check([&] { after.text = core::optional_text("text", body.text, kTextMax).value_or(""); });
    }
    if (present.contains("links")) {
      v.check([&] {
        after.links =
            checked_links("links", body.links.value_or(std::vector<LinkInput>{}), kLinksMax);
      });
    }
    v.throw_if_invalid();
    auto next = next_state(t.submission.state, SubmissionAction::kEdit);
    if (!next) {
      throw Error(ErrorCode::kFailedPrecondition,
                  "the work is " + t.submission.state + "; reclaim it before editing");
    }
    after.state = *next;
  } else {
    t.access.require_teacher();
    core::Validation v;
    if (present.contains("draftGrade")) {
      v.check([&] {
        after.draft_grade.reset();
        if (body.draft_grade) {
          after.draft_grade = checked_grade("draftGrade", *body.draft_grade, t.cw.max_points);
        }
      });
    }
    if (present.contains("assignedGrade")) {
      v.check([&] {
        after.assigned_grade.reset();
        if (body.assigned_grade) {
          after.assigned_grade =
              checked_grade("assignedGrade", *body.assigned_grade, t.cw.max_points);
        }
      });
    }
    v.throw_if_invalid();
  }
  t.access.require_active();
  core::http::check_version(request, version_seen(t.submission, t.access.oversees()), "submission");
  auto written = co_await commit_change(tx, t, after, caller.user_id);
  co_await tx.commit();
  service.relay.nudge();
  co_return co_await submission_response(service, std::move(written), t.access.oversees());
}

// turn-in and reclaim (the student), return (teachers).
asio::awaitable<Response> transition(Service& service, Request& request, SubmissionAction action) {
  auto caller = request.require_identity();
  auto tx = co_await service.db.begin();
  auto t = co_await lock_target(tx, request, caller);
  if (action == SubmissionAction::kReturn) {
    t.access.require_teacher();
  } else if (!owns(t, caller)) {
    throw Error(ErrorCode::kPermissionDenied, "only the student turns in or reclaims their work");
  }
  t.access.require_active();
  auto next = next_state(t.submission.state, action);
  if (!next) {
    throw Error(ErrorCode::kFailedPrecondition,
                "not allowed while the submission is " + t.submission.state);
  }
  Submission after = t.submission;
  after.state = *next;
  if (action == SubmissionAction::kReturn) {
    after.assigned_grade = grade_on_return(after.draft_grade, after.assigned_grade);
  }
  auto written = co_await commit_change(tx, t, after, caller.user_id);
  co_await tx.commit();
  service.relay.nudge();
  co_return co_await submission_response(service, std::move(written), t.access.oversees());
}

// One item of a bulk grading, in its own transaction; the course and the
// coursework were checked once for the whole request.
asio::awaitable<Submission> grade_one(Service& service, const CourseAccess& access,
                                      const Coursework& cw, const core::http::Identity& caller,
                                      const GradeItem& item) {
  auto tx = co_await service.db.begin();
  auto locked = co_await submission_store::lock_of_student(tx, cw.id, item.student_id);
  Target t{access, cw, std::move(locked)};
  Submission after = t.submission;
  core::Validation v;
  if (item.draft_grade) {
    v.check([&] {
      after.draft_grade = checked_grade("draftGrade", *item.draft_grade, t.cw.max_points);
    });
  }
  if (item.assigned_grade) {
    v.check([&] {
      after.assigned_grade = checked_grade("assignedGrade", *item.assigned_grade, t.cw.max_points);
    });
  }
  v.throw_if_invalid();
  if (item.return_.value_or(false)) {
    auto next = next_state(after.state, SubmissionAction::kReturn);
    if (!next) {
      throw Error(ErrorCode::kFailedPrecondition,
                  "not allowed while the submission is " + after.state);
    }
    after.state = *next;
    after.assigned_grade = grade_on_return(after.draft_grade, after.assigned_grade);
  }
  auto written = co_await commit_change(tx, t, after, caller.user_id);
  co_await tx.commit();
  co_return written;
}

asio::awaitable<Response> grade_many(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto body = core::json::decode<GradesBody>(request);
  if (body.grades.empty() || body.grades.size() > kBulkMax) {
    throw core::invalid_field("grades", "give 1 to 500 items");
  }
  // The whole request is refused only for what concerns all items: the course and coursework.
  auto access = co_await course_access(service.db, request.param("id"), caller);
  auto cw = co_await visible_coursework(service.db, access, request.param("cwId"), caller.user_id);
  if (cw.work_type != "ASSIGNMENT") {
    throw Error(ErrorCode::kNotFound, "materials have no submissions");
  }
  access.require_teacher();
  access.require_active();
  boost::json::array results;
  for (std::size_t i = 0; i < body.grades.size(); ++i) {
    boost::json::object result;
    std::optional<Error> failure;
    try {
      if (!body.grades[i].is_object()) {
        core::json::wrong_type("grades[" + std::to_string(i) + "]", "an object");
      }
      const auto& object = body.grades[i].get_object();
      auto item = core::json::decode_object<GradeItem>(object);
      result["studentId"] = item.student_id;
      auto written = co_await grade_one(service, access, cw, caller, item);
      std::vector<Submission> one{std::move(written)};
      co_await submission_store::load_history(service.db, one);
      result["status"] = 200;
      result["submission"] = views::submission(one[0], true);
    } catch (const Error& e) {
      if (core::http::status_of(e.code()) >= 500) {
        throw;
      }
      failure = e;
    }
    if (failure) {
      if (!result.contains("studentId")) {
        const auto* id = body.grades[i].is_object()
                             ? body.grades[i].get_object().if_contains("studentId")
                             : nullptr;
        result["studentId"] = id != nullptr ? *id : boost::json::value(nullptr);
      }
      result["status"] = core::http::status_of(failure->code());
      boost::json::object error{{"status", core::http::status_of(failure->code())},
                                {"detail", failure->what()}};
      if (!failure->fields().empty()) {
        boost::json::array fields;
        for (const auto& f : failure->fields()) {
          fields.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
        }
        error["errors"] = std::move(fields);
      }
      result["error"] = std::move(error);
    }
    results.push_back(std::move(result));
  }
  service.relay.nudge();
  co_return core::json::response(200, boost::json::object{{"results", std::move(results)}});
}

}  // namespace

void add_submission_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  const std::string base = "/api/courses/{id}/coursework/{cwId}/submissions";
  router.add(Method::kGet, base, [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, base + "/{subId}", [&s](Request& r) { return get(s, r); });
  router.add(Method::kPatch, base + "/{subId}", [&s](Request& r) { return patch(s, r); });
  router.add(Method::kPost, base + "/{subId}/turn-in",
             [&s](Request& r) { return transition(s, r, SubmissionAction::kTurnIn); });
  router.add(Method::kPost, base + "/{subId}/reclaim",
             [&s](Request& r) { return transition(s, r, SubmissionAction::kReclaim); });
  router.add(Method::kPost, base + "/{subId}/return",
             [&s](Request& r) { return transition(s, r, SubmissionAction::kReturn); });
  router.add(Method::kPost, "/api/courses/{id}/coursework/{cwId}/grades",
             [&s](Request& r) { return grade_many(s, r); });
}

}  // namespace classroom::api::handlers
