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

// Attempts and their answers.
namespace classroom::exams::attempt_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

struct NewAttempt {
  std::string id;
  std::string exam_id;
  std::string course_id;
  std::string student_id;
  int number = 1;
  std::optional<std::string> deadline;  // RFC 3339
  std::string questions_json;
  std::int64_t max_points = 0;
};
// Error(kAlreadyExists) when the student has an attempt in progress (a
// concurrent start won).
asio::awaitable<Attempt> insert(Transaction& tx, const NewAttempt& attempt);

// nullopt when there is none (also for an id that is not a uuid).
asio::awaitable<std::optional<Attempt>> find(Pool& db, std::string_view id);
asio::awaitable<std::optional<Attempt>> lock(Transaction& tx, std::string_view id);
// Locked against a concurrent submit (FOR SHARE): while an answer is saved.
asio::awaitable<std::optional<Attempt>> share(Transaction& tx, std::string_view id);

asio::awaitable<std::optional<Attempt>> in_progress(Transaction& tx, const std::string& exam_id,
                                                    const std::string& student_id);
// How many attempts the student has made at the exam.
asio::awaitable<int> count(Transaction& tx, const std::string& exam_id,
                           const std::string& student_id);
asio::awaitable<bool> any(Transaction& tx, const std::string& exam_id);
// The exam's attempts in progress, locked: when it closes they are submitted.
asio::awaitable<std::vector<Attempt>> open_attempts(Transaction& tx, const std::string& exam_id);

// The exam's attempts, newest first; one student's only when given.
asio::awaitable<std::vector<Attempt>> list(Pool& db, const std::string& exam_id,
                                           const std::optional<std::string>& student_id,
                                           const std::optional<std::string>& cursor, int limit);

asio::awaitable<std::vector<SavedAnswer>> answers(Pool& db, const std::string& attempt_id);
asio::awaitable<std::vector<SavedAnswer>> answers(Transaction& tx, const std::string& attempt_id);

// Saves `answer_json` as question `question_id`'s answer with `seq`, unless
// an answer with that seq or a higher one is stored; returns what is stored
// afterwards (the new answer, or the one that stayed).
struct Saved {
  SavedAnswer answer;
  bool written = false;
};
asio::awaitable<Saved> save_answer(Transaction& tx, const std::string& attempt_id,
                                   const std::string& question_id, const std::string& answer_json,
                                   std::int64_t seq);

// Submitted now (and graded when nothing waits for a teacher); submitted at
// its deadline when the service submits it `by_deadline`, however late it
// noticed (after a restart, say).
asio::awaitable<Attempt> finish(Transaction& tx, const std::string& id, std::string_view state,
                                std::int64_t score, const std::string& per_question_json,
                                bool by_deadline);

// Releases the student's graded attempts at the exam (released_at = now) and
// returns them, by number.
asio::awaitable<std::vector<Attempt>> release(Transaction& tx, const std::string& exam_id,
                                              const std::string& student_id);

// Attempts in progress whose deadline passed more than `grace_seconds` ago,
// and those with no deadline at an exam that has closed; at most `limit`,
// not locked (the caller locks each and checks it is still in progress).
asio::awaitable<std::vector<Attempt>> overdue(Pool& db, int grace_seconds, int limit);

// An attempt in progress as far as its deadline goes.
struct Running {
  std::string id;
  std::string exam_id;
  Time started_at;
  std::optional<Time> deadline;
};
// The student's attempts in progress, locked: at exam `exam_id` when given,
// else at every exam of course `course_id`. What a change of the student's
// accommodation or override recomputes.
asio::awaitable<std::vector<Running>> running(Transaction& tx, const std::string& course_id,
                                              const std::string& student_id,
                                              const std::optional<std::string>& exam_id);
// Sets the deadline (RFC 3339) of attempt `id`, if it is still in progress.
asio::awaitable<void> set_deadline(Transaction& tx, const std::string& id,
                                   const std::string& deadline);

// The students with an attempt in progress at the exam (not locked).
asio::awaitable<std::vector<std::string>> students_in_progress(Transaction& tx,
                                                               const std::string& exam_id);

}  // namespace classroom::exams::attempt_store
