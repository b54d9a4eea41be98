#include "services/api/access.hpp"

#include "core/errors.hpp"
#include "core/pg/pg.hpp"
#include "services/api/stores/course_store.hpp"
#include "services/api/stores/coursework_store.hpp"

namespace classroom::api {

namespace asio = boost::asio;

namespace {

// The course found as `caller` may see it. Takes `found` by reference and
// is called on a named result: a temporary would be another copy of the
// course in the coroutine's frame (which Asio recycles only up to 1 KiB).
CourseAccess access_of(std::optional<course_store::CourseWithRole>& found,
                       const core::http::Identity& caller) {
  if (!found || !sees_course(found->role, caller.is_admin())) {
    throw core::Error(core::ErrorCode::kNotFound, "no such course");
  }
  return CourseAccess{std::move(found->course), found->role, caller.is_admin(),
                      found->coursework_generation};
}

// What a student is given to see; nullopt for teachers and administrators (all).
std::optional<std::string> viewer(const CourseAccess& access, const std::string& caller_id) {
  if (access.oversees()) {
    return std::nullopt;
  }
  return caller_id;
}

}  // namespace

asio::awaitable<CourseAccess> course_access(core::pg::Pool& db, std::string_view course_id,
                                            const core::http::Identity& caller) {
  auto found = co_await course_store::find(db, course_id, caller.user_id);
  co_return access_of(found, caller);
}

asio::awaitable<CourseAccess> course_access(core::pg::Transaction& tx, std::string_view course_id,
                                            const core::http::Identity& caller) {
  auto found = co_await course_store::lock(tx, course_id, caller.user_id);
  co_return access_of(found, caller);
}

asio::awaitable<Coursework> visible_coursework(core::pg::Pool& db, const CourseAccess& access,
                                               std::string_view id, const std::string& caller_id) {
  auto student = viewer(access, caller_id);
  co_return co_await coursework_store::find_visible(db, access.course.id, id, student);
}

asio::awaitable<Coursework> visible_coursework(core::pg::Transaction& tx,
                                               const CourseAccess& access, std::string_view id,
                                               const std::string& caller_id) {
  auto student = viewer(access, caller_id);
  co_return co_await coursework_store::find_visible(tx, access.course.id, id, student);
}

}  // namespace classroom::api
