// Accommodations (a student's extra time in every exam of a course) and
// overrides (one exam, one student): read, set, remove. Teachers change them;
// administrators read them; a student reads their own. Every change reaches
// the student's attempts in progress in the same transaction (deadlines.hpp).
#include <algorithm>
#include <boost/json.hpp>
#include <climits>
#include <cmath>

#include "core/errors.hpp"
#include "core/http/conditional.hpp"
#include "core/http/query.hpp"
#include "core/json.hpp"
#include "core/membership.hpp"
#include "core/pg/pg.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/exams/access.hpp"
#include "services/exams/deadlines.hpp"
#include "services/exams/domain/schedule.hpp"
#include "services/exams/handlers/handlers.hpp"
#include "services/exams/handlers/teaching.hpp"
#include "services/exams/stores/adjustment_store.hpp"
#include "services/exams/stores/exam_store.hpp"

namespace classroom::exams::handlers {

namespace {

namespace json = boost::json;
using adjustment_store::AccommodationRecord;
using adjustment_store::OverrideRecord;

// A PUT replaces the whole resource: an absent member takes its default
// (no multiplier, no extra minutes, not past the close; an override leaves
// the exam's own value).
struct AccommodationBody {
  std::optional<double> time_multiplier;
  std::optional<std::int64_t> extra_minutes;
  std::optional<bool> extend_past_close;
};
BOOST_DESCRIBE_STRUCT(AccommodationBody, (), (time_multiplier, extra_minutes, extend_past_close))

struct OverrideBody {
  std::optional<std::string> opens_at;
  std::optional<std::string> closes_at;
  std::optional<std::int64_t> max_attempts;
  std::optional<std::int64_t> time_limit_minutes;
};
BOOST_DESCRIBE_STRUCT(OverrideBody, (), (opens_at, closes_at, max_attempts, time_limit_minutes))

// Out-of-range integers stay out of range (the domain names the bounds)
// without overflowing an int on the way.
int clamped(std::int64_t value) {
  return static_cast<int>(std::clamp<std::int64_t>(value, INT_MIN, INT_MAX));
}
std::optional<int> clamped(std::optional<std::int64_t> value) {
  return value ? std::optional(clamped(*value)) : std::nullopt;
}

std::int64_t hundredths(double value) { return std::llround(value * 100); }

json::object accommodation_view(const AccommodationRecord& a) {
  return {{"courseId", a.course_id},
          {"studentId", a.student_id},
          {"timeMultiplier", core::json::points(hundredths(a.values.time_multiplier))},
          {"extraMinutes", a.values.extra_minutes},
          {"extendPastClose", a.values.extend_past_close},
          {"updatedAt", a.updated_at}};
}

json::object override_view(const OverrideRecord& o) {
  return {{"examId", o.exam_id},
          {"studentId", o.student_id},
          {"opensAt", core::json::optional(o.values.opens_at)},
          {"closesAt", core::json::optional(o.values.closes_at)},
          {"maxAttempts", core::json::optional(o.values.max_attempts)},
          {"timeLimitMinutes", core::json::optional(o.values.time_limit_minutes)},
          {"updatedAt", o.updated_at}};
}

// A page of records ordered by student id: the last one's is the cursor.
template <class Record, class View>
Response page_by_student(const Request& request, std::vector<Record> records, int limit,
                         View view) {
  return core::json::page_of(request, std::move(records), limit, view,
                             [](const Record& r) { return r.student_id; });
}

// Teachers and administrators read anyone's; a student only their own, and
// to them nobody else's exists (404).
void require_reader(const CourseAccess& access, const Request& request, std::string_view student_id,
                    std::string_view what) {
  if (access.oversees() || request.require_identity().user_id == student_id) {
    return;
  }
  throw Error(ErrorCode::kNotFound, "no such " + std::string(what));
}

// Adjustments are for the course's students: anyone else named in the path
// is not there to adjust (404), a teacher as much as a stranger.
asio::awaitable<void> require_student(Service& s, const std::string& course_id,
                                      const std::string& student_id, const Request& request) {
  auto role = co_await s.membership.role(course_id, student_id, request.request_id);
  if (role != CourseRole::kStudent) {
    throw Error(ErrorCode::kNotFound, "no such student in this course");
  }
}

// If-Match against the stored version; on a resource not there yet it can
// match nothing (RFC 9110), `*` included.
void check_version(const Request& request, std::optional<std::int64_t> current,
                   std::string_view what) {
  if (current) {
    core::http::check_version(request, *current, what);
  } else if (request.header("if-match")) {
    throw Error(ErrorCode::kPreconditionFailed, "there is no " + std::string(what) + " yet");
  }
}

template <class Record>
Response upserted_response(const adjustment_store::Upserted<Record>& put, json::object body,
                           const std::string& location) {
  auto response = core::json::resource(body, put.record.version, put.created ? 201 : 200);
  if (put.created) {
    response.set_header("Location", location);
  }
  return response;
}

adjustment_store::StoredAccommodation accommodation_from(const AccommodationBody& body) {
  Accommodation a{body.time_multiplier.value_or(1), clamped(body.extra_minutes.value_or(0)),
                  body.extend_past_close.value_or(false)};
  if (auto problems = accommodation_errors(a); !problems.empty()) {
    core::json::refuse(std::move(problems));
  }
  return {a.time_multiplier, a.extra_minutes, a.extend_past_close};
}

// Checked against the exam's times as they are now (`exam`); every problem
// in one 422.
adjustment_store::StoredOverride override_from(const OverrideBody& body, const ExamTimes& exam) {
  std::vector<core::FieldError> problems;
  auto time = [&](const char* field, const std::optional<std::string>& text) {
    std::optional<core::Timestamp> t;
    if (text && !(t = core::parse_time(*text))) {
      problems.push_back({field, "must be an RFC 3339 time"});
    }
    return t;
  };
  Override o{time("opensAt", body.opens_at), time("closesAt", body.closes_at),
             clamped(body.max_attempts), clamped(body.time_limit_minutes)};
  auto domain = override_errors(o, exam);
  problems.insert(problems.end(), domain.begin(), domain.end());
  if (!problems.empty()) {
    core::json::refuse(std::move(problems));
  }
  auto text = [](std::optional<core::Timestamp> t) {
    return t ? std::optional(core::format_time(*t, true)) : std::nullopt;
  };
  return {text(o.opens_at), text(o.closes_at), o.max_attempts, o.time_limit_minutes};
}

// Accommodations ------------------------------------------------------------

asio::awaitable<Response> list_accommodations(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto page = core::http::id_page_request(request);
  auto access = co_await course_access(s.membership, course_id, request);
  if (!access.oversees()) {
    access.require_teacher();
  }
  auto cursor = page.cursor ? std::optional(core::ascii_lower(*page.cursor)) : std::nullopt;
  auto records =
      co_await adjustment_store::list_accommodations(s.db, course_id, cursor, page.limit + 1);
  co_return page_by_student(request, std::move(records), page.limit, accommodation_view);
}

asio::awaitable<Response> get_accommodation(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto student_id = core::ascii_lower(request.param("studentId"));
  auto access = co_await course_access(s.membership, course_id, request);
  require_reader(access, request, student_id, "accommodation");
  auto found = co_await adjustment_store::find_accommodation(s.db, course_id, student_id);
  if (!found) {
    throw Error(ErrorCode::kNotFound, "no such accommodation");
  }
  co_return core::json::resource(accommodation_view(*found), found->version);
}

asio::awaitable<Response> put_accommodation(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto student_id = core::ascii_lower(request.param("studentId"));
  auto access = co_await course_access(s.membership, course_id, request);
  access.require_teacher();
  auto values = accommodation_from(core::json::decode<AccommodationBody>(request));
  co_await require_student(s, course_id, student_id, request);
  auto tx = co_await s.db.begin();
  auto current = co_await adjustment_store::lock_accommodation(tx, course_id, student_id);
  check_version(request, current ? std::optional(current->version) : std::nullopt, "accommodation");
  auto put = co_await adjustment_store::put_accommodation(tx, course_id, student_id, values);
  co_await recompute_deadlines(tx, course_id, student_id, std::nullopt);
  co_await tx.commit();
  co_return upserted_response(put, accommodation_view(put.record),
                              "/exams/courses/" + course_id + "/accommodations/" + student_id);
}

asio::awaitable<Response> delete_accommodation(Service& s, Request& request) {
  std::string course_id(request.param("courseId"));
  auto student_id = core::ascii_lower(request.param("studentId"));
  auto access = co_await course_access(s.membership, course_id, request);
  access.require_teacher();
  auto tx = co_await s.db.begin();
  auto current = co_await adjustment_store::lock_accommodation(tx, course_id, student_id);
  if (!current) {
    throw Error(ErrorCode::kNotFound, "no such accommodation");
  }
  core::http::check_version(request, current->version, "accommodation");
  co_await adjustment_store::remove_accommodation(tx, course_id, student_id);
  co_await recompute_deadlines(tx, course_id, student_id, std::nullopt);
  co_await tx.commit();
  co_return Response::no_content();
}

// Overrides -------------------------------------------------------------------

asio::awaitable<Response> list_overrides(Service& s, Request& request) {
  auto page = core::http::id_page_request(request);
  auto found = co_await visible_exam(s, request, request.param("examId"));
  if (!found.access.oversees()) {
    found.access.require_teacher();
  }
  auto cursor = page.cursor ? std::optional(core::ascii_lower(*page.cursor)) : std::nullopt;
  auto records =
      co_await adjustment_store::list_overrides(s.db, found.exam.id, cursor, page.limit + 1);
  co_return page_by_student(request, std::move(records), page.limit, override_view);
}

asio::awaitable<Response> get_override(Service& s, Request& request) {
  auto student_id = core::ascii_lower(request.param("studentId"));
  auto found = co_await visible_exam(s, request, request.param("examId"));
  require_reader(found.access, request, student_id, "override");
  auto stored = co_await adjustment_store::find_override(s.db, found.exam.id, student_id);
  if (!stored) {
    throw Error(ErrorCode::kNotFound, "no such override");
  }
  co_return core::json::resource(override_view(*stored), stored->version);
}

asio::awaitable<Response> put_override(Service& s, Request& request) {
  auto student_id = core::ascii_lower(request.param("studentId"));
  auto found = co_await visible_exam(s, request, request.param("examId"));
  found.access.require_teacher();
  auto body = core::json::decode<OverrideBody>(request);
  co_await require_student(s, found.exam.course_id, student_id, request);
  auto tx = co_await s.db.begin();
  // Checked against the exam's times as they are while the override is
  // written: a concurrent change of the exam waits (FOR SHARE).
  auto exam = co_await exam_store::share(tx, found.exam.id);
  if (!exam) {
    throw Error(ErrorCode::kNotFound, "no such exam");
  }
  auto values = override_from(body, exam_times(*exam));
  auto current = co_await adjustment_store::lock_override(tx, exam->id, student_id);
  check_version(request, current ? std::optional(current->version) : std::nullopt, "override");
  auto put = co_await adjustment_store::put_override(tx, exam->id, student_id, values);
  co_await recompute_deadlines(tx, exam->course_id, student_id, exam->id);
  co_await tx.commit();
  co_return upserted_response(put, override_view(put.record),
                              "/exams/exams/" + exam->id + "/overrides/" + student_id);
}

asio::awaitable<Response> delete_override(Service& s, Request& request) {
  auto student_id = core::ascii_lower(request.param("studentId"));
  auto found = co_await visible_exam(s, request, request.param("examId"));
  found.access.require_teacher();
  auto tx = co_await s.db.begin();
  auto current = co_await adjustment_store::lock_override(tx, found.exam.id, student_id);
  if (!current) {
    throw Error(ErrorCode::kNotFound, "no such override");
  }
  core::http::check_version(request, current->version, "override");
  co_await adjustment_store::remove_override(tx, found.exam.id, student_id);
  co_await recompute_deadlines(tx, found.exam.course_id, student_id, found.exam.id);
  co_await tx.commit();
  co_return Response::no_content();
}

}  // namespace

void add_adjustment_routes(core::http::Router& router, Service& s) {
  constexpr std::string_view kAccommodations = "/exams/courses/{courseId}/accommodations";
  constexpr std::string_view kAccommodation =
      "/exams/courses/{courseId}/accommodations/{studentId}";
  constexpr std::string_view kOverrides = "/exams/exams/{examId}/overrides";
  constexpr std::string_view kOverride = "/exams/exams/{examId}/overrides/{studentId}";
  router.add(Method::kGet, kAccommodations, [&s](Request& r) { return list_accommodations(s, r); });
  router.add(Method::kGet, kAccommodation, [&s](Request& r) { return get_accommodation(s, r); });
  router.add(Method::kPut, kAccommodation, [&s](Request& r) { return put_accommodation(s, r); });
  router.add(Method::kDelete, kAccommodation,
             [&s](Request& r) { return delete_accommodation(s, r); });
  router.add(Method::kGet, kOverrides, [&s](Request& r) { return list_overrides(s, r); });
  router.add(Method::kGet, kOverride, [&s](Request& r) { return get_override(s, r); });
  router.add(Method::kPut, kOverride, [&s](Request& r) { return put_override(s, r); });
  router.add(Method::kDelete, kOverride, [&s](Request& r) { return delete_override(s, r); });
}

}  // namespace classroom::exams::handlers
