#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/exams/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// Exams: their settings, sections and state.
namespace classroom::exams::exam_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

// What a teacher sets; the store keeps the rest (state, times of changes).
struct Fields {
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> opens_at;  // RFC 3339
  std::optional<std::string> closes_at;
  std::optional<int> time_limit_minutes;
  int max_attempts = 1;
  std::string grading_policy;
  bool shuffle_questions = false;
  bool shuffle_options = false;
  std::string result_release;
  bool show_correct_answers = false;
  std::string sections_json;
  std::int64_t max_points = 0;  // hundredths
};

Fields fields_of(const Exam& exam);

asio::awaitable<Exam> insert(Transaction& tx, const std::string& id, const std::string& course_id,
                             const Fields& fields, const std::string& created_by);
// nullopt when there is no such exam (also for an id that is not a uuid).
asio::awaitable<std::optional<Exam>> find(Pool& db, std::string_view id);
asio::awaitable<std::optional<Exam>> find(Transaction& tx, std::string_view id);
// The same, locking the exam's row until commit: before any change.
asio::awaitable<std::optional<Exam>> lock(Transaction& tx, std::string_view id);
// Locked against a state change only (FOR SHARE): while an attempt starts,
// so that many students may start at once.
asio::awaitable<std::optional<Exam>> share(Transaction& tx, std::string_view id);

// The course's exams in `states`, newest first, after `cursor`.
asio::awaitable<std::vector<Exam>> list(Pool& db, const std::string& course_id,
                                        const std::vector<std::string>& states,
                                        const std::optional<std::string>& cursor, int limit);

// Every field set anew, the version counted up.
asio::awaitable<Exam> update(Transaction& tx, const std::string& id, const Fields& fields);
// DRAFT -> PUBLISHED, PUBLISHED -> CLOSED: nullopt when the exam was not in `from`.
asio::awaitable<std::optional<Exam>> change_state(Transaction& tx, const std::string& id,
                                                  std::string_view from, std::string_view to);
asio::awaitable<void> remove(Transaction& tx, const std::string& id);
// Published exams whose close time has come, closed (at that time), at most
// `limit`; SKIP LOCKED, so that several instances share the work.
asio::awaitable<std::vector<Exam>> close_due(Transaction& tx, int limit);

// Published exams opening within `ahead_seconds` whose students have not
// been told of this opening time yet.
asio::awaitable<std::vector<Exam>> opening_soon(Pool& db, int ahead_seconds, int limit);
// Records that exam `id`'s students were told of its opening at `opens_at`;
// false when that was done already (or the time changed meanwhile).
asio::awaitable<bool> mark_opening_told(Transaction& tx, const std::string& id,
                                        const std::string& opens_at);

}  // namespace classroom::exams::exam_store
