#include "services/api/reminders.hpp"

#include <boost/json.hpp>

#include "core/pg/pg.hpp"
#include "services/api/publishing.hpp"
#include "services/api/stores/coursework_store.hpp"

namespace classroom::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Reminds coursework `id`'s students in a transaction of its own; whether it did.
asio::awaitable<bool> remind(core::pg::Pool& db, const std::string& id, int ahead_seconds) {
  auto tx = co_await db.begin();
  auto due = co_await coursework_store::mark_due_told(tx, id, ahead_seconds);
  if (!due) {
    co_return false;
  }
  auto students = co_await coursework_store::not_turned_in_ids(tx, id);
  bool tell = !students.empty();
  if (tell) {
    json::object data{{"courseworkId", id},
                      {"title", due->title},
                      {"dueAt", due->due_at},
                      {"courseName", due->course_name},
                      {"recipientIds", json::array(students.begin(), students.end())}};
    co_await emit(tx, "coursework.due_soon", std::nullopt, due->course_id, data);
  }
  co_await tx.commit();
  co_return tell;
}

}  // namespace

asio::awaitable<int> remind_due(core::pg::Pool& db) {
  // What a round does not reach waits for the next one.
  constexpr int kBatch = 100;
  auto ahead = static_cast<int>(std::chrono::seconds(kDueNotice).count());
  int told = 0;
  auto due = co_await coursework_store::due_soon(db, ahead, kBatch);
  for (const std::string& id : due) {
    if (co_await remind(db, id, ahead)) {
      ++told;
    }
  }
  co_return told;
}

}  // namespace classroom::api
