#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/exams/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// What grading, regrading, release and results read and write: attempts'
// scores, their history, an exam's release.
namespace classroom::exams::result_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

asio::awaitable<std::vector<HistoryEntry>> history(Pool& db, const std::string& attempt_id);
asio::awaitable<void> add_history(Transaction& tx, const std::string& attempt_id,
                                  const HistoryEntry& entry);

// An attempt's scores set anew (and, when regrading, its questions and
// maximum); graded now when `state` is GRADED. Counts its version up.
struct Scores {
  std::string state;
  std::optional<std::int64_t> score;  // hundredths; nullopt in progress
  std::int64_t max_points = 0;
  std::optional<std::string> per_question_json;
  std::string questions_json;
};
asio::awaitable<Attempt> set_scores(Transaction& tx, const std::string& attempt_id,
                                    const Scores& scores);

// Every attempt of the exam, locked, by id: a regrade changes them.
asio::awaitable<std::vector<Attempt>> lock_all(Transaction& tx, const std::string& exam_id);
// Every attempt of the exam, by student and number: results and statistics.
asio::awaitable<std::vector<Attempt>> all(Pool& db, const std::string& exam_id);

// The stored answers to question `question_id` in the exam's attempts, by
// attempt id.
struct AttemptAnswer {
  std::string attempt_id;
  std::string answer_json;
};
asio::awaitable<std::vector<AttemptAnswer>> answers_to(Transaction& tx, const std::string& exam_id,
                                                       const std::string& question_id);
// Which questions each attempt of the exam has an answer to.
struct Answered {
  std::string attempt_id;
  std::string question_id;
};
asio::awaitable<std::vector<Answered>> answered(Pool& db, const std::string& exam_id);

// Students with a graded attempt not released yet: what a release releases.
asio::awaitable<std::vector<std::string>> unreleased_students(Transaction& tx,
                                                              const std::string& exam_id);

// Results of the exam released by its teacher (MANUAL) now; returns when.
asio::awaitable<Time> release_exam(Transaction& tx, const std::string& exam_id);

}  // namespace classroom::exams::result_store
