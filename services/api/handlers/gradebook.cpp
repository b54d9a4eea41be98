// The gradebook (JSON and CSV) and a student's progress.
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/pg/pg.hpp"
#include "services/api/domain/grading.hpp"
#include "services/api/handlers/handlers.hpp"
#include "services/api/handlers/views.hpp"
#include "services/api/stores/gradebook_store.hpp"
#include "services/api/stores/member_store.hpp"

namespace classroom::api::handlers {

namespace {

using gradebook_store::Item;

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

// Each student's row: their grade of each item and their points total.
// Grades of those no longer students of the course are left out.
Gradebook gradebook_of(gradebook_store::CourseGrades grades) {
  Gradebook book{std::move(grades.items), {}};
  std::map<std::string, std::int64_t> max_points;
  for (const Item& item : book.items) {
    max_points[item.id] = item.max_points;
  }
  std::map<std::string, std::size_t> index;
  for (auto& student : grades.students) {
    index[student.user_id] = book.students.size();
    book.students.push_back(
        Row{std::move(student.user_id), std::move(student.display_name), {}, {}});
  }
  for (auto& grade : grades.grades) {
    auto row = index.find(grade.student_id);
    if (row == index.end()) {
      continue;
    }
    Row& s = book.students[row->second];
    s.total.add(grade.points, max_points[grade.item_id]);
    s.cells[grade.item_id] = Cell{grade.points, std::move(grade.state), grade.late};
  }
  return book;
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
                                        {"maxPoints", core::json::points(item.max_points)},
                                        {"dueAt", core::json::optional(item.due_at)}});
  }
  boost::json::array students;
  for (const Row& s : book.students) {
    boost::json::array grades;
    for (const Item& item : book.items) {
      auto cell = s.cells.find(item.id);
      Cell empty;
      const Cell& c = cell == s.cells.end() ? empty : cell->second;
      grades.push_back(boost::json::object{{"itemId", item.id},
                                           {"points", core::json::points(c.points)},
                                           {"state", core::json::optional(c.state)},
                                           {"late", c.late}});
    }
    students.push_back(boost::json::object{{"userId", s.user_id},
                                           {"displayName", s.display_name},
                                           {"grades", std::move(grades)},
                                           {"pointsEarned", core::json::points(s.total.earned)},
                                           {"pointsPossible", core::json::points(s.total.possible)},
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
      csv += points_text(std::llround(*p * 100.0));
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
  auto book = gradebook_of(co_await gradebook_store::course_grades(service.db, access.course.id));
  if (wants_csv(request)) {
    co_return csv_gradebook(access.course, book);
  }
  co_return json_gradebook(access.course.id, book);
}

asio::awaitable<Response> progress(Service& service, Request& request) {
  auto caller = request.require_identity();
  auto access = co_await course_access(service.db, request.param("id"), caller);
  std::string student(request.param("userId"));
  if (!core::is_uuid(student)) {
    throw Error(ErrorCode::kNotFound, "no such student");
  }
  // Another student's progress is not theirs to know of: 404, as for anything unseen.
  if (student != caller.user_id && !access.oversees()) {
    throw Error(ErrorCode::kNotFound, "no such student in this course");
  }
  auto role = co_await member_store::role_of(service.db, access.course.id, student);
  if (role != CourseRole::kStudent) {
    throw Error(ErrorCode::kNotFound, "no such student in this course");
  }
  auto grades = co_await gradebook_store::student_grades(service.db, access.course.id, student);
  int assigned = 0, turned_in = 0, late = 0, missing = 0, graded = 0;
  PointsTotal total;
  boost::json::array items;
  for (const auto& work : grades.work) {
    bool work_missing = is_missing(work.state, work.late);
    ++assigned;
    turned_in += is_turned_in(work.state);
    late += work.late;
    missing += work_missing;
    graded += work.grade.has_value();
    total.add(work.grade, work.max_points.value_or(0));
    items.push_back(boost::json::object{{"kind", "coursework"},
                                        {"id", work.id},
                                        {"title", work.title},
                                        {"dueAt", core::json::optional(work.due_at)},
                                        {"maxPoints", core::json::points(work.max_points)},
                                        {"state", work.state},
                                        {"late", work.late},
                                        {"missing", work_missing},
                                        {"assignedGrade", core::json::points(work.grade)}});
  }
  for (const auto& exam : grades.exams) {
    total.add(exam.points, exam.max_points);
    items.push_back(boost::json::object{{"kind", "exam"},
                                        {"id", exam.exam_id},
                                        {"title", exam.title},
                                        {"maxPoints", core::json::points(exam.max_points)},
                                        {"assignedGrade", core::json::points(exam.points)}});
  }
  co_return core::json::response(
      200, boost::json::object{{"courseId", access.course.id},
                               {"studentId", student},
                               {"assigned", assigned},
                               {"turnedIn", turned_in},
                               {"late", late},
                               {"missing", missing},
                               {"graded", graded},
                               {"pointsEarned", core::json::points(total.earned)},
                               {"pointsPossible", core::json::points(total.possible)},
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
