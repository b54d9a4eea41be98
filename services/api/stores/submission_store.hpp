#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// Submissions of assignments and their history (the grade audit trail).
// Submissions are read without their history; load_history adds it.
namespace classroom::api::submission_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

// Submissions of coursework `cw_id`, newest first: all, or `student`'s;
// optional state and lateness filters.
struct Filter {
  std::optional<std::string> student;
  std::optional<std::string> state;
  std::optional<bool> late;
};
asio::awaitable<std::vector<Submission>> list(Pool& db, const std::string& cw_id,
                                              const Filter& filter,
                                              const std::optional<std::string>& cursor, int count);
// Submission `id` of coursework `cw_id`; kNotFound. In a transaction it is locked.
asio::awaitable<Submission> find(Pool& db, const std::string& cw_id, std::string_view id);
asio::awaitable<Submission> lock(Transaction& tx, const std::string& cw_id, std::string_view id);
// `student_id`'s submission of `cw_id`, locked; kNotFound.
asio::awaitable<Submission> lock_of_student(Transaction& tx, const std::string& cw_id,
                                            const std::string& student_id);

// Writes `after` over submission `before`, and appends to the history what
// changed (grades, state) as done by `actor_id`. Turning in sets the time.
asio::awaitable<Submission> write(Transaction& tx, const Submission& before,
                                  const Submission& after, const std::string& actor_id);

// Fills in each submission's history, oldest first.
asio::awaitable<void> load_history(Pool& db, std::vector<Submission>& submissions);

}  // namespace classroom::api::submission_store
