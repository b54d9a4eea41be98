#include "services/exams/stores/adjustment_store.hpp"

#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::exams::adjustment_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::utc;

constexpr Query kAccommodation{
    "exams_select_accommodation",
    "SELECT time_multiplier::float8 AS time_multiplier, extra_minutes, extend_past_close "
    "FROM accommodations WHERE course_id = $1::uuid AND student_id = $2::uuid"};

constexpr Query kOverride{
    "exams_select_override",
    join<"SELECT ", utc<"opens_at">, " AS opens_at, ", utc<"closes_at">,
         " AS closes_at, max_attempts, time_limit_minutes FROM overrides "
         "WHERE exam_id = $1::uuid AND student_id = $2::uuid">.text};

}  // namespace

asio::awaitable<std::optional<StoredAccommodation>> accommodation(Transaction& tx,
                                                                  const std::string& course_id,
                                                                  const std::string& student_id) {
  auto r = co_await tx.query(kAccommodation, course_id, student_id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  core::pg::Columns c(r);
  co_return StoredAccommodation{c.get<double>(0, "time_multiplier"), c.get<int>(0, "extra_minutes"),
                                c.get<bool>(0, "extend_past_close")};
}

asio::awaitable<std::optional<StoredOverride>> override_for(Transaction& tx,
                                                            const std::string& exam_id,
                                                            const std::string& student_id) {
  auto r = co_await tx.query(kOverride, exam_id, student_id);
  if (r.empty()) {
    co_return std::nullopt;
  }
  core::pg::Columns c(r);
  co_return StoredOverride{c.get<std::optional<std::string>>(0, "opens_at"),
                           c.get<std::optional<std::string>>(0, "closes_at"),
                           c.get<std::optional<int>>(0, "max_attempts"),
                           c.get<std::optional<int>>(0, "time_limit_minutes")};
}

}  // namespace classroom::exams::adjustment_store
