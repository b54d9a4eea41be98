// Exams: create, list, read, change, delete, publish, close.
#include <array>
#include <boost/json.hpp>
#include <map>
#include <span>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/idempotency.hpp"
#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/exams/access.hpp"
#include "services/exams/attempts.hpp"
#include "services/exams/deadlines.hpp"
#include "services/exams/exam_json.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/handlers/teaching.hpp"
#include "services/exams/handlers/views.hpp"
#include "services/exams/stores/attempt_store.hpp"
#include "services/exams/stores/bank_store.hpp"
#include "services/exams/stores/exam_store.hpp"

namespace classroom::exams::handlers {

namespace {

namespace json = boost::json;

// POST and PATCH alike; which members a PATCH names is read from the body.
struct ExamBody {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> opens_at;
  std::optional<std::string> closes_at;
  std::optional<std::int64_t> time_limit_minutes;
  std::optional<std::int64_t> max_attempts;
  std::optional<std::string> grading_policy;
  std::optional<bool> shuffle_questions;
  std::optional<bool> shuffle_options;
  std::optional<std::string> result_release;
  std::optional<bool> show_correct_answers;
  std::optional<json::value> sections;
};
BOOST_DESCRIBE_STRUCT(ExamBody, (),
                      (title, description, opens_at, closes_at, time_limit_minutes, max_attempts,
                       grading_policy, shuffle_questions, shuffle_options, result_release,
                       show_correct_answers, sections))

constexpr std::array<std::string_view, 4> kGradingPolicies = {"HIGHEST", "LATEST", "FIRST",
                                                              "AVERAGE"};
constexpr std::array<std::string_view, 3> kReleasePolicies = {"IMMEDIATE", "AFTER_CLOSE", "MANUAL"};

std::string one_of(std::string_view field, const std::string& value,
                   std::span<const std::string_view> allowed) {
  for (auto name : allowed) {
    if (value == name) {
      return value;
    }
  }
  std::string list;
  for (auto name : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  throw core::invalid_field(std::string(field), "must be one of " + list);
}

std::optional<std::string> time_field(std::string_view field,
                                      const std::optional<std::string>& value) {
  if (!value) {
    return std::nullopt;
  }
  auto t = core::parse_time(*value);
  if (!t) {
    throw core::invalid_field(std::string(field), "must be an RFC 3339 time");
  }
  return core::format_time(*t, true);
}

int bounded(std::string_view field, std::int64_t value, int min, int max) {
  if (value < min || value > max) {
    throw core::invalid_field(std::string(field),
                              std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int>(value);
}

// The fields after `body` (the whole body of a POST, a PATCH's named members)
// is laid over `fields`; every problem in one 422.
exam_store::Fields apply(const json::object& object, const ExamBody& body,
                         exam_store::Fields fields, std::vector<Section>& sections) {
  core::Validation v;
  auto has = [&](std::string_view name) { return object.contains(name); };
  if (has("title")) {
    fields.title =
        v.check([&] { return core::required_name("title", body.title.value_or(""), kTitleMax); });
  }
  if (has("description")) {
    if (auto text = v.check([&] {
          return core::json::patch_text(object, "description", kDescriptionMax,
                                        core::TextKind::kText);
        })) {
      fields.description = *text;
    }
  }
  if (has("opensAt")) {
    fields.opens_at = v.check([&] { return time_field("opensAt", body.opens_at); });
  }
  if (has("closesAt")) {
    fields.closes_at = v.check([&] { return time_field("closesAt", body.closes_at); });
  }
  if (has("timeLimitMinutes")) {
    fields.time_limit_minutes = v.check([&]() -> std::optional<int> {
      if (!body.time_limit_minutes) {
        return std::nullopt;
      }
      return bounded("timeLimitMinutes", *body.time_limit_minutes, 1, kMaxTimeLimitMinutes);
    });
  }
  if (body.max_attempts) {
    fields.max_attempts =
        v.check([&] { return bounded("maxAttempts", *body.max_attempts, 1, kMaxAttempts); });
  }
  if (body.grading_policy) {
    fields.grading_policy =
        v.check([&] { return one_of("gradingPolicy", *body.grading_policy, kGradingPolicies); });
  }
  if (body.result_release) {
    fields.result_release =
        v.check([&] { return one_of("resultRelease", *body.result_release, kReleasePolicies); });
  }
  fields.shuffle_questions = body.shuffle_questions.value_or(fields.shuffle_questions);
  fields.shuffle_options = body.shuffle_options.value_or(fields.shuffle_options);
  fields.show_correct_answers = body.show_correct_answers.value_or(fields.show_correct_answers);
  if (has("sections")) {
    sections = v.check([&] {
      return body.sections ? sections_from_json(*body.sections, "sections")
                           : std::vector<Section>{};
    });
  }
  v.throw_if_invalid();
  if (fields.opens_at && fields.closes_at &&
      *core::parse_time(*fields.opens_at) >= *core::parse_time(*fields.closes_at)) {
    throw core::invalid_field("closesAt", "must be after opensAt");
  }
  fields.sections_json = stored_sections(sections);
  fields.max_points = max_points(sections);
  return fields;
}

Response exam_response(const Exam& e, const CourseAccess& access, int status = 200) {
  auto sections = sections_of(e.sections_json);
  return core::json::resource(views::exam(e, sections, access.oversees()), e.version, status);
}

using Found = VisibleExam;

// Exam `examId` for a change by one of its course's teachers: authorised on
// the pool (which may ask api) before any transaction, so that no row lock or
// connection waits on another service; then relock() it in the change's.
asio::awaitable<Found> teachers_exam_to_change(Service& s, const Request& request) {
  auto found = co_await visible_exam(s, request, request.param("examId"));
  found.access.require_teacher();
  co_return found;
}

// The exam locked in `tx` and read again, as it is now.
asio::awaitable<void> relock(core::pg::Transaction& tx, Found& found) {
  auto locked = co_await exam_store::lock(tx, found.exam.id);
  if (!locked) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  found.exam = std::move(*locked);
}

asio::awaitable<Response> create(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto access = co_await course_access(s.membership, course_id, request);
  access.require_teacher();
  auto object = core::json::parse_body(request);
  auto body = core::json::decode_object<ExamBody>(object);
  if (!object.contains("title")) {
    throw core::invalid_field("title", "is required");
  }
  exam_store::Fields defaults{.grading_policy = "HIGHEST", .result_release = "IMMEDIATE"};
  std::vector<Section> sections;
  auto fields = apply(object, body, defaults, sections);
  auto caller = request.require_identity();
  auto tx = co_await core::http::begin(s.db, request);
  auto e = co_await exam_store::insert(tx, core::new_uuid(), course_id, fields, caller.user_id);
  co_await tx.commit();
  auto response = exam_response(e, access, 201);
  response.set_header("Location", "/exams/exams/" + e.id);
  co_return response;
}

asio::awaitable<Response> list(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto state = core::http::enum_query(request, "state", {"DRAFT", "PUBLISHED", "CLOSED"});
  auto page = core::http::id_page_request(request, {"state"});
  auto access = co_await course_access(s.membership, course_id, request);
  std::vector<std::string> states = access.oversees()
                                        ? std::vector<std::string>{"DRAFT", "PUBLISHED", "CLOSED"}
                                        : std::vector<std::string>{"PUBLISHED", "CLOSED"};
  if (state) {
    std::erase_if(states, [&](const std::string& st) { return st != *state; });
  }
  auto cursor = page.cursor ? std::optional(core::ascii_lower(*page.cursor)) : std::nullopt;
  auto exams = co_await exam_store::list(s.db, course_id, states, cursor, page.limit + 1);
  co_return core::json::page_of(request, std::move(exams), page.limit, [&](const Exam& e) {
    return views::exam(e, sections_of(e.sections_json), access.oversees());
  });
}

asio::awaitable<Response> get(Service& s, Request& request) {
  auto found = co_await visible_exam(s, request, request.param("examId"));
  co_return exam_response(found.exam, found.access);
}

asio::awaitable<Response> patch(Service& s, Request& request) {
  auto object = core::json::parse_body(request);
  auto body = core::json::decode_object<ExamBody>(object);
  auto found = co_await teachers_exam_to_change(s, request);
  auto tx = co_await s.db.begin();
  co_await relock(tx, found);
  core::http::check_version(request, found.exam.version, "exam");
  bool attempted = co_await attempt_store::any(tx, found.exam.id);
  if (object.contains("sections") && attempted) {
    throw Error(ErrorCode::kFailedPrecondition,
                "students have attempted the exam: its questions and points change only "
                "by regrading");
  }
  auto sections = sections_of(found.exam.sections_json);
  auto fields = apply(object, body, exam_store::fields_of(found.exam), sections);
  auto updated = co_await exam_store::update(tx, found.exam.id, fields);
  if (attempted) {
    // New times reach attempts in progress as an override's do: never sooner.
    auto students = co_await attempt_store::students_in_progress(tx, updated.id);
    for (const std::string& student : students) {
      co_await recompute_deadlines(tx, updated.course_id, student, updated.id);
    }
  }
  co_await tx.commit();
  co_return exam_response(updated, found.access);
}

asio::awaitable<Response> remove(Service& s, Request& request) {
  auto found = co_await teachers_exam_to_change(s, request);
  auto tx = co_await s.db.begin();
  co_await relock(tx, found);
  core::http::check_version(request, found.exam.version, "exam");
  if (co_await attempt_store::any(tx, found.exam.id)) {
    throw Error(ErrorCode::kFailedPrecondition,
                "students have attempted the exam: close it instead of deleting it");
  }
  co_await exam_store::remove(tx, found.exam.id);
  co_await tx.commit();
  co_return Response::no_content();
}

asio::awaitable<Response> publish(Service& s, Request& request) {
  auto found = co_await teachers_exam_to_change(s, request);
  auto tx = co_await s.db.begin();
  co_await relock(tx, found);
  const Exam& e = found.exam;
  if (e.state != "DRAFT") {
    throw Error(ErrorCode::kFailedPrecondition,
                e.state == "CLOSED" ? "the exam is closed" : "the exam is already published");
  }
  auto sections = sections_of(e.sections_json);
  std::map<std::string, int> tagged;
  for (const Section& section : sections) {
    if (section.draw && !tagged.contains(section.draw->tag)) {
      tagged[section.draw->tag] =
          co_await bank_store::count_tagged(tx, e.course_id, section.draw->tag);
    }
  }
  auto problems = publish_problems(sections, [&](const std::string& tag) { return tagged[tag]; });
  if (e.closes_at && *core::parse_time(*e.closes_at) <= core::Clock::now()) {
    problems.push_back({"closesAt", "is in the past: the exam would never open"});
  }
  if (!problems.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "the exam cannot be published yet",
                std::move(problems));
  }
  auto published = co_await exam_store::change_state(tx, e.id, "DRAFT", "PUBLISHED");
  // Named before the co_await (GCC 12, docs/decisions.md).
  json::object data{{"opensAt", core::json::optional(published->opens_at)},
                    {"closesAt", core::json::optional(published->closes_at)},
                    {"timeLimitMinutes", core::json::optional(published->time_limit_minutes)}};
  std::string actor = request.require_identity().user_id;
  co_await emit_exam_event(tx, "exam.published", actor, *published, std::move(data));
  co_await tx.commit();
  s.relay.nudge();
  co_return exam_response(*published, found.access);
}

asio::awaitable<Response> close(Service& s, Request& request) {
  auto found = co_await teachers_exam_to_change(s, request);
  auto tx = co_await s.db.begin();
  co_await relock(tx, found);
  if (found.exam.state != "PUBLISHED") {
    throw Error(ErrorCode::kFailedPrecondition, found.exam.state == "CLOSED"
                                                    ? "the exam is already closed"
                                                    : "only a published exam can be closed");
  }
  auto closed = co_await exam_store::change_state(tx, found.exam.id, "PUBLISHED", "CLOSED");
  std::string actor = request.require_identity().user_id;
  auto open_attempts = co_await attempt_store::open_attempts(tx, closed->id);
  for (const Attempt& open : open_attempts) {
    co_await submit_attempt(tx, open, *closed, actor);
  }
  if (closed->result_release == "AFTER_CLOSE") {
    co_await release_unreleased(tx, *closed, actor);
  }
  co_await emit_exam_event(tx, "exam.closed", actor, *closed, json::object{});
  co_await tx.commit();
  s.relay.nudge();
  co_return exam_response(*closed, found.access);
}

}  // namespace

void add_exam_routes(core::http::Router& router, Service& s) {
  router.add(Method::kPost, "/exams/courses/{courseId}/exams",
             s.idempotency.wrap([&s](Request& r) { return create(s, r); }));
  router.add(Method::kGet, "/exams/courses/{courseId}/exams",
             [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, "/exams/exams/{examId}", [&s](Request& r) { return get(s, r); });
  router.add(Method::kPatch, "/exams/exams/{examId}", [&s](Request& r) { return patch(s, r); });
  router.add(Method::kDelete, "/exams/exams/{examId}", [&s](Request& r) { return remove(s, r); });
  router.add(Method::kPost, "/exams/exams/{examId}/publish",
             [&s](Request& r) { return publish(s, r); });
  router.add(Method::kPost, "/exams/exams/{examId}/close",
             [&s](Request& r) { return close(s, r); });
}

}  // namespace classroom::exams::handlers
