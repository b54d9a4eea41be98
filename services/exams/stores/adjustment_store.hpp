#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

namespace classroom::core::pg {
class Transaction;
}  // namespace classroom::core::pg

// What changes a student's time: the course-wide accommodation and the
// per-exam override, as stored (times RFC 3339).
namespace classroom::exams::adjustment_store {

namespace asio = boost::asio;
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

}  // namespace classroom::exams::adjustment_store
