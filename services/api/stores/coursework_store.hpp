#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pg/pg.hpp"
#include "services/api/domain/coursework.hpp"
#include "services/api/model.hpp"

// Coursework: assignments and materials of a course. Every writer holds the
// course row first (course_store::lock), as 0003_coursework_generation.sql
// requires; but for mark_due_told, whose mark is no change to a list (0004).
namespace classroom::api::coursework_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

using Fields = CourseworkFields;

// A new draft. An invalid-field error (topicId) when its topic was deleted meanwhile.
asio::awaitable<Coursework> insert(Transaction& tx, const std::string& course_id,
                                   const std::string& author_id, const Fields& fields);
asio::awaitable<Coursework> update(Transaction& tx, const std::string& id, const Fields& fields);

// Coursework `id` of the course as `student` sees it (published work given
// to them; nullopt: teachers and administrators, who see all); kNotFound.
asio::awaitable<Coursework> find_visible(Pool& db, const std::string& course_id,
                                         std::string_view id,
                                         const std::optional<std::string>& student);
asio::awaitable<Coursework> find_visible(Transaction& tx, const std::string& course_id,
                                         std::string_view id,
                                         const std::optional<std::string>& student);
// Coursework `id` locked for a change; kNotFound.
asio::awaitable<Coursework> lock(Transaction& tx, const std::string& course_id,
                                 const std::string& id);

// All of a course's coursework, newest first, and the generation it is as of
// (one snapshot): what coursework_cache.hpp keeps. nullopt when the course is gone.
struct Snapshot {
  std::int64_t generation = 0;
  std::vector<Coursework> items;
};
asio::awaitable<std::optional<Snapshot>> list(Pool& db, const std::string& course_id);

// Publishes draft `id` now; nullopt when it is not a draft (any more).
asio::awaitable<std::optional<Coursework>> publish(Transaction& tx, const std::string& id);
// A NEW submission for each student the published assignment `id` is given to
// who has none yet.
asio::awaitable<void> add_assignee_submissions(Transaction& tx, const std::string& id);
// The students coursework `cw_id` is given to, by id.
asio::awaitable<std::vector<std::string>> assignee_ids(Transaction& tx, const std::string& cw_id);

// Published coursework of active courses due within `ahead_seconds` whose
// students have not been reminded of that due date (the due date changed
// since, or they never were): at most `limit` ids, the soonest due first.
asio::awaitable<std::vector<std::string>> due_soon(Pool& db, int ahead_seconds, int limit);
// What a reminder says of coursework beyond its id.
struct DueSoon {
  std::string course_id;
  std::string title;
  std::string due_at;
  std::string course_name;
};
// Records in `tx` that coursework `id`'s students are reminded of its
// current due date, if due_soon() still holds for it: nullopt when it does
// not (told already, by another instance; changed or archived meanwhile).
asio::awaitable<std::optional<DueSoon>> mark_due_told(Transaction& tx, const std::string& id,
                                                      int ahead_seconds);
// The students coursework `cw_id` is given to who have not turned it in
// (TURNED_IN and RETURNED count as turned in), by id.
asio::awaitable<std::vector<std::string>> not_turned_in_ids(Transaction& tx,
                                                            const std::string& cw_id);

// Scheduled drafts of active courses whose time has come, locked so that one
// instance publishes each (publisher.cpp); their course too, as every change
// to its members or state does, so that a student joining meanwhile is not missed.
inline constexpr core::pg::Query kSelectDueScheduled{
    "api_select_due_scheduled",
    "SELECT cw.id::text, cw.author_id::text, c.name FROM coursework cw "
    "JOIN courses c ON c.id = cw.course_id WHERE cw.state = 'DRAFT' AND cw.scheduled_at <= now() "
    "AND c.state = 'ACTIVE' ORDER BY cw.scheduled_at LIMIT $1 FOR UPDATE OF cw, c SKIP LOCKED"};

// kPreconditionFailed or kNotFound when no row matched `version`.
asio::awaitable<void> remove(Transaction& tx, const std::string& course_id, const std::string& id,
                             std::optional<std::int64_t> version);

}  // namespace classroom::api::coursework_store
