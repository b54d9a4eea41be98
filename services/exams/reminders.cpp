#include "services/exams/reminders.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/membership.hpp"
#include "core/outbox/outbox.hpp"
#include "core/pg/pg.hpp"
#include "services/exams/attempts.hpp"
#include "services/exams/stores/exam_store.hpp"

namespace classroom::exams {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<int> announce_openings(core::pg::Pool& db, core::Membership& membership) {
  constexpr int kBatch = 50;
  int told = 0;
  auto ahead = static_cast<int>(std::chrono::seconds(kOpeningNotice).count());
  auto soon = co_await exam_store::opening_soon(db, ahead, kBatch);
  for (const Exam& e : soon) {
    std::vector<std::string> students;
    try {
      students = co_await membership.students(e.course_id, "opening-soon-" + e.id);
    } catch (const core::Error& failed) {
      if (failed.code() != core::ErrorCode::kUnavailable) {
        throw;
      }
      continue;  // api is down: this exam waits for the next round, the others need not
    }
    auto tx = co_await db.begin();
    if (!co_await exam_store::mark_opening_told(tx, e.id, *e.opens_at)) {
      continue;  // told already, by another instance, or the time moved meanwhile
    }
    json::object data{{"opensAt", *e.opens_at},
                      {"closesAt", core::json::optional(e.closes_at)},
                      {"recipientIds", json::array(students.begin(), students.end())}};
    co_await emit_exam_event(tx, "exam.opening_soon", "", e, std::move(data));
    co_await tx.commit();
    ++told;
  }
  co_return told;
}

}  // namespace classroom::exams
