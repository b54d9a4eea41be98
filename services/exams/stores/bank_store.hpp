#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/exams/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// The course's question bank.
namespace classroom::exams::bank_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

asio::awaitable<BankQuestion> insert(Transaction& tx, const std::string& id,
                                     const std::string& course_id, const std::string& question_json,
                                     const std::vector<std::string>& tags,
                                     const std::string& created_by);
// nullopt when there is none (also for an id that is not a uuid).
asio::awaitable<std::optional<BankQuestion>> find(Pool& db, std::string_view id);
asio::awaitable<std::optional<BankQuestion>> lock(Transaction& tx, std::string_view id);
// The course's questions, newest first, those tagged `tag` only when given.
asio::awaitable<std::vector<BankQuestion>> list(Pool& db, const std::string& course_id,
                                                const std::optional<std::string>& tag,
                                                const std::optional<std::string>& cursor,
                                                int limit);
// How many of the course's questions carry `tag`: a draw needs that many.
asio::awaitable<int> count_tagged(Transaction& tx, const std::string& course_id,
                                  const std::string& tag);
// The ids of the course's questions tagged `tag`, oldest first: what a draw
// picks from, in a stable order.
asio::awaitable<std::vector<std::string>> ids_tagged(Transaction& tx, const std::string& course_id,
                                                     const std::string& tag);
// The questions' JSON (keys included) by id; ids of the course only.
asio::awaitable<std::vector<BankQuestion>> find_many(Transaction& tx, const std::string& course_id,
                                                     const std::vector<std::string>& ids);
asio::awaitable<BankQuestion> update(Transaction& tx, const std::string& id,
                                     const std::string& question_json,
                                     const std::vector<std::string>& tags);
asio::awaitable<void> remove(Transaction& tx, const std::string& id);

}  // namespace classroom::exams::bank_store
