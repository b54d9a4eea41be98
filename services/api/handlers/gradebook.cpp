// The gradebook (JSON and CSV) and a student's progress.
#include <boost/json.hpp>
#include <map>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "services/api/domain/grading.hpp"
#include "services/api/handlers/common.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/queries.hpp"

namespace classroom::api::handlers {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;
using core::http::Method;
using core::http::Request;
using core::http::Response;

namespace {

struct Item {
  std::string id;
  std::string kind;  // coursework or exam
  std::string title;
  std::int64_t max_points = 0;
  std::optional<std::string> due_at;
};

struct Cell {
  std::optional<std::int64_t> points;
  std::optional<std::string> state;
  bool late = false;
};

struct Row {
  std::string user_id;
  std::string display_name;
  std::map<std::string, Cell> cells;  // by item id
  PointsTotal total;
};

struct Gradebook {
  std::vector<Item> items;
  std::vector<Row> students;
};

asio::awaitable<Gradebook> load(core::pg::Pool& db, const std::string& course_id) {
  Gradebook book;
  std::vector<core::pg::Statement> statements;
  statements.push_back(core::pg::bind(queries::kSelectGradedCoursework, course_id));
  statements.push_back(core::pg::bind(queries::kSelectCourseExams, course_id));
  statements.push_back(core::pg::bind(queries::kSelectStudents, course_id));
  statements.push_back(core::pg::bind(queries::kSelectCourseGrades, course_id, std::nullopt));
  statements.push_back(core::pg::bind(queries::kSelectExamResults, course_id, std::nullopt));
  auto r = co_await db.pipeline(std::move(statements));
  std::map<std::string, std::int64_t> max_points;
  for (int i = 0; i < r[0].rows(); ++i) {
    book.items.push_back(Item{r[0].get<std::string>(i, 0), "coursework",
                              r[0].get<std::string>(i, 1), r[0].get<std::int64_t>(i, 2),
                              r[0].get<std::optional<std::string>>(i, 3)});
  }
  for (int i = 0; i < r[1].rows(); ++i) {
    book.items.push_back(Item{r[1].get<std::string>(i, 0), "exam", r[1].get<std::string>(i, 1),
                              r[1].get<std::int64_t>(i, 2), std::nullopt});
  }
  for (const Item& item : book.items) {
    max_points[item.id] = item.max_points;
  }
  std::map<std::string, std::size_t> index;
  for (int i = 0; i < r[2].rows(); ++i) {
    index[r[2].get<std::string>(i, 0)] = book.students.size();
    book.students.push_back(Row{r[2].get<std::string>(i, 0), r[2].get<std::string>(i, 1), {}, {}});
  }
  auto add = [&](const std::string& student, const std::string& item, Cell cell) {
    auto row = index.find(student);
    if (row == index.end()) {
      return;  // no longer a student of the course
    }
    Row& s = book.students[row->second];
    s.total.add(cell.points, max_points[item]);
    s.cells[item] = std::move(cell);
  };
  for (int i = 0; i < r[3].rows(); ++i) {
    add(r[3].get<std::string>(i, 0), r[3].get<std::string>(i, 1),
        Cell{r[3].get<std::optional<std::int64_t>>(i, 2), r[3].get<std::string>(i, 3),
             r[3].get<bool>(i, 4)});
  }
  for (int i = 0; i < r[4].rows(); ++i) {
    add(r[4].get<std::string>(i, 0), r[4].get<std::string>(i, 1),
        Cell{r[4].get<std::int64_t>(i, 2), std::nullopt, false});
  }
  co_return book;
}

boost::json::value percent(const PointsTotal& total) {
  auto p = total.percentage();
  if (!p) {
    return nullptr;
  }
  return *p;
}

Response json_gradebook(const std::string& course_id, const Gradebook& book) {
  boost::json::array items;
  for (const Item& item : book.items) {
    items.push_back(boost::json::object{{"id", item.id},
                                        {"kind", item.kind},
                                        {"title", item.title},
                                        {"maxPoints", views::points(item.max_points)},
                                        {"dueAt", views::optional(item.due_at)}});
  }
  boost::json::array students;
  for (const Row& s : book.students) {
    boost::json::array grades;
    for (const Item& item : book.items) {
      auto cell = s.cells.find(item.id);
      Cell empty;
      const Cell& c = cell == s.cells.end() ? empty : cell->second;
      grades.push_back(boost::json::object{{"itemId", item.id},
                                           {"points", views::points(c.points)},
                                           {"state", views::optional(c.state)},
                                           {"late", c.late}});
    }
    students.push_back(boost::json::object{{"userId", s.user_id},
                                           {"displayName", s.display_name},
                                           {"grades", std::move(grades)},
                                           {"pointsEarned", views::points(s.total.earned)},
                                           {"pointsPossible", views::points(s.total.possible)},
                                           {"percentage", percent(s.total)}});
  }
  return core::json::response(200, boost::json::object{{"courseId", course_id},
                                                       {"items", std::move(items)},
                                                       {"students", std::move(students)}});
}

Response csv_gradebook(const Course& course, const Gradebook& book) {
  std::string csv = "Student ID,Student";
  for (const Item& item : book.items) {
    csv += ',' + csv_field(item.title + " (" + points_text(item.max_points) + ")");
  }
  csv += ",Points earned,Points possible,Percentage\r\n";
  for (const Row& s : book.students) {
    csv += s.user_id + ',' + csv_field(s.display_name);
    for (const Item& item : book.items) {
      csv += ',';
      auto cell = s.cells.find(item.id);
      if (cell != s.cells.end() && cell->second.points) {
        csv += points_text(*cell->second.points);
      }
    }
    csv += ',' + points_text(s.total.earned) + ',' + points_text(s.total.possible) + ',';
    if (auto p = s.total.percentage()) {
      csv += points_text(static_cast<std::int64_t>(*p * 100.0 + 0.5));
    }
    csv += "\r\n";
  }
  auto response = Response::text(200, std::move(csv), "text/csv; charset=utf-8");
  response.set_header("Content-Disposition",
                      "attachment; filename=\"gradebook-" + course.id + ".csv\"");
  return response;
}

bool wants_csv(const Request& request) {
  auto accept = request.header("accept");
  return accept && accept->find("text/csv") != std::string_view::npos &&
         accept->find("application/json") == std::string_view::npos;
}

asio::awaitable<Response> gradebook(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  access.require_oversight();
  auto book = co_await load(service.db, access.course.id);
  if (wants_csv(request)) {
    co_return csv_gradebook(access.course, book);
  }
  co_return json_gradebook(access.course.id, book);
}

asio::awaitable<Response> progress(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  std::string student(request.param("userId"));
  require_uuid(student, "student");
  // Another student's progress is not theirs to know of: 404, as for anything unseen.
  if (student != caller.user_id && !access.oversees()) {
    throw Error(ErrorCode::kNotFound, "no such student in this course");
  }
  auto role = co_await service.db.query(queries::kSelectMemberRole, access.course.id, student);
  if (role.empty() || role.text(0, 0) != "student") {
    throw Error(ErrorCode::kNotFound, "no such student in this course");
  }
  std::vector<core::pg::Statement> statements;
  statements.push_back(core::pg::bind(queries::kSelectStudentWork, access.course.id, student));
  statements.push_back(core::pg::bind(queries::kSelectStudentExams, access.course.id, student));
  auto r = co_await service.db.pipeline(std::move(statements));
  int assigned = 0, turned_in = 0, late = 0, missing = 0, graded = 0;
  PointsTotal total;
  boost::json::array items;
  const auto& work = r[0];
  for (int i = 0; i < work.rows(); ++i) {
    auto due = work.get<std::optional<std::string>>(i, 2);
    auto max_points = work.get<std::optional<std::int64_t>>(i, 3);
    std::string state = work.get<std::string>(i, 4);
    bool is_late = work.get<bool>(i, 5);
    auto grade = work.get<std::optional<std::int64_t>>(i, 6);
    bool work_missing = is_missing(state, is_late);
    ++assigned;
    turned_in += is_turned_in(state);
    late += is_late;
    missing += work_missing;
    graded += grade.has_value();
    total.add(grade, max_points.value_or(0));
    items.push_back(boost::json::object{{"kind", "coursework"},
                                        {"id", work.get<std::string>(i, 0)},
                                        {"title", work.get<std::string>(i, 1)},
                                        {"dueAt", views::optional(due)},
                                        {"maxPoints", views::points(max_points)},
                                        {"state", state},
                                        {"late", is_late},
                                        {"missing", work_missing},
                                        {"assignedGrade", views::points(grade)}});
  }
  const auto& exams = r[1];
  for (int i = 0; i < exams.rows(); ++i) {
    auto max_points = exams.get<std::int64_t>(i, 2);
    auto points = exams.get<std::int64_t>(i, 3);
    total.add(points, max_points);
    items.push_back(boost::json::object{{"kind", "exam"},
                                        {"id", exams.get<std::string>(i, 0)},
                                        {"title", exams.get<std::string>(i, 1)},
                                        {"maxPoints", views::points(max_points)},
                                        {"assignedGrade", views::points(points)}});
  }
  co_return core::json::response(
      200, boost::json::object{{"courseId", access.course.id},
                               {"studentId", student},
                               {"assigned", assigned},
                               {"turnedIn", turned_in},
                               {"late", late},
                               {"missing", missing},
                               {"graded", graded},
                               {"pointsEarned", views::points(total.earned)},
                               {"pointsPossible", views::points(total.possible)},
                               {"percentage", percent(total)},
                               {"items", std::move(items)}});
}

}  // namespace

void add_gradebook_routes(core::http::Router& router, Service& service) {
  auto& s = service;
  router.add(Method::kGet, "/api/courses/{id}/gradebook",
             [&s](Request& r) { return gradebook(s, r); });
  router.add(Method::kGet, "/api/courses/{id}/students/{userId}/progress",
             [&s](Request& r) { return progress(s, r); });
}

}  // namespace classroom::api::handlers
