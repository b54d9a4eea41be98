#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// What changes a student's time: the course-wide accommodation and the
// per-exam override, as stored (times RFC 3339).
namespace classroom::exams::adjustment_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;

struct StoredAccommodation {
  double time_multiplier = 1;
  int extra_minutes = 0;
  bool extend_past_close = false;
};
struct StoredOverride {
  std::optional<std::string> opens_at;
  std::optional<std::string> closes_at;
  std::optional<int> max_attempts;
  std::optional<int> time_limit_minutes;
};

asio::awaitable<std::optional<StoredAccommodation>> accommodation(Transaction& tx,
                                                                  const std::string& course_id,
                                                                  const std::string& student_id);
asio::awaitable<std::optional<StoredOverride>> override_for(Transaction& tx,
                                                            const std::string& exam_id,
                                                            const std::string& student_id);

// The resources as the API serves them: with whose they are and a version.
struct AccommodationRecord {
  std::string course_id;
  std::string student_id;
  StoredAccommodation values;
  std::int64_t version = 1;
  std::string updated_at;
};
struct OverrideRecord {
  std::string exam_id;
  std::string student_id;
  StoredOverride values;
  std::int64_t version = 1;
  std::string updated_at;
};
template <class Record>
struct Upserted {
  Record record;
  bool created = false;
};

// nullopt when there is none (also for a student id that is not a uuid).
asio::awaitable<std::optional<AccommodationRecord>> find_accommodation(Pool& db,
                                                                       const std::string& course_id,
                                                                       std::string_view student_id);
// The same, locked until commit: before a change.
asio::awaitable<std::optional<AccommodationRecord>> lock_accommodation(Transaction& tx,
                                                                       const std::string& course_id,
                                                                       std::string_view student_id);
// The course's accommodations by student id, after `cursor` (a student id).
asio::awaitable<std::vector<AccommodationRecord>> list_accommodations(
    Pool& db, const std::string& course_id, const std::optional<std::string>& cursor, int limit);
// Created, or replaced with its version counted up.
asio::awaitable<Upserted<AccommodationRecord>> put_accommodation(Transaction& tx,
                                                                 const std::string& course_id,
                                                                 const std::string& student_id,
                                                                 const StoredAccommodation& values);
asio::awaitable<void> remove_accommodation(Transaction& tx, const std::string& course_id,
                                           const std::string& student_id);

asio::awaitable<std::optional<OverrideRecord>> find_override(Pool& db, const std::string& exam_id,
                                                             std::string_view student_id);
asio::awaitable<std::optional<OverrideRecord>> lock_override(Transaction& tx,
                                                             const std::string& exam_id,
                                                             std::string_view student_id);
// The exam's overrides by student id, after `cursor` (a student id).
asio::awaitable<std::vector<OverrideRecord>> list_overrides(
    Pool& db, const std::string& exam_id, const std::optional<std::string>& cursor, int limit);
asio::awaitable<Upserted<OverrideRecord>> put_override(Transaction& tx, const std::string& exam_id,
                                                       const std::string& student_id,
                                                       const StoredOverride& values);
asio::awaitable<void> remove_override(Transaction& tx, const std::string& exam_id,
                                      const std::string& student_id);

// Serializes, until commit, what reads or changes one student's times in a
// course: a start reading them and a teacher changing them, so that the
// change's recompute sees the started attempt or the start sees the change.
asio::awaitable<void> lock_student(Transaction& tx, const std::string& course_id,
                                   const std::string& student_id);

}  // namespace classroom::exams::adjustment_store
