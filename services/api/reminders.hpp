#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>

namespace classroom::core::pg {
class Pool;
}

namespace classroom::api {

// How long before a due date the students who have not turned in are
// reminded (coursework.due_soon).
inline constexpr std::chrono::hours kDueNotice{24};

// Emits coursework.due_soon for published coursework due within kDueNotice,
// naming the students it is given to who have not turned it in: once per due
// date (a teacher who moves dueAt arms it again). Work published, or moved,
// within kDueNotice of its due date is reminded at the next round. Each
// reminder and its mark on the coursework row are one transaction, so
// several instances and restarts never send one twice; when every student
// has turned in, the due date is marked and nothing is sent. Returns how many
// reminders went out.
boost::asio::awaitable<int> remind_due(core::pg::Pool& db);

}  // namespace classroom::api
