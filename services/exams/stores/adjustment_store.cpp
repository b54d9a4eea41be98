#include "services/exams/stores/adjustment_store.hpp"

#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"
#include "core/text.hpp"

namespace classroom::exams::adjustment_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

// `xmax = 0` holds for a row this statement inserted, not for one it updated.
constexpr core::pg::Sql kAccommodationColumns = join<
    "a.course_id::text AS course_id, a.student_id::text AS student_id, "
    "a.time_multiplier::float8 AS time_multiplier, a.extra_minutes, a.extend_past_close, "
    "a.version, ",
    utc<"a.updated_at">, " AS updated_at, (a.xmax = 0) AS created">;

constexpr Query kFindAccommodation{
    "exams_find_accommodation",
    join<"SELECT ", kAccommodationColumns,
         " FROM accommodations a WHERE a.course_id = $1::uuid AND a.student_id = $2::uuid">.text};

constexpr Query kLockAccommodation{
    "exams_lock_accommodation",
    join<"SELECT ", kAccommodationColumns,
         " FROM accommodations a WHERE a.course_id = $1::uuid AND a.student_id = $2::uuid "
         "FOR UPDATE">.text};

constexpr Query kListAccommodations{
    "exams_list_accommodations",
    join<"SELECT ", kAccommodationColumns,
         " FROM accommodations a WHERE a.course_id = $1::uuid "
         "AND ($2::uuid IS NULL OR a.student_id > $2::uuid) ORDER BY a.student_id LIMIT $3">.text};

constexpr Query kPutAccommodation{
    "exams_put_accommodation",
    join<"INSERT INTO accommodations AS a (course_id, student_id, time_multiplier, "
         "extra_minutes, extend_past_close) VALUES ($1::uuid, $2::uuid, $3::numeric, $4::int, "
         "$5::boolean) ON CONFLICT (course_id, student_id) DO UPDATE SET "
         "time_multiplier = EXCLUDED.time_multiplier, extra_minutes = EXCLUDED.extra_minutes, "
         "extend_past_close = EXCLUDED.extend_past_close, version = a.version + 1, "
         "updated_at = now() RETURNING ",
         kAccommodationColumns>.text};

constexpr Query kRemoveAccommodation{
    "exams_remove_accommodation",
    "DELETE FROM accommodations WHERE course_id = $1::uuid AND student_id = $2::uuid"};

constexpr core::pg::Sql kOverrideColumns =
    join<"o.exam_id::text AS exam_id, o.student_id::text AS student_id, ", utc<"o.opens_at">,
         " AS opens_at, ", utc<"o.closes_at">,
         " AS closes_at, o.max_attempts, o.time_limit_minutes, o.version, ", utc<"o.updated_at">,
         " AS updated_at, (o.xmax = 0) AS created">;

constexpr Query kFindOverride{
    "exams_find_override",
    join<"SELECT ", kOverrideColumns,
         " FROM overrides o WHERE o.exam_id = $1::uuid AND o.student_id = $2::uuid">.text};

constexpr Query kLockOverride{
    "exams_lock_override",
    join<"SELECT ", kOverrideColumns,
         " FROM overrides o WHERE o.exam_id = $1::uuid AND o.student_id = $2::uuid "
         "FOR UPDATE">.text};

constexpr Query kListOverrides{
    "exams_list_overrides",
    join<"SELECT ", kOverrideColumns,
         " FROM overrides o WHERE o.exam_id = $1::uuid "
         "AND ($2::uuid IS NULL OR o.student_id > $2::uuid) ORDER BY o.student_id LIMIT $3">.text};

constexpr Query kPutOverride{
    "exams_put_override",
    join<"INSERT INTO overrides AS o (exam_id, student_id, opens_at, closes_at, max_attempts, "
         "time_limit_minutes) VALUES ($1::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, "
         "$5::int, $6::int) ON CONFLICT (exam_id, student_id) DO UPDATE SET "
         "opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, "
         "max_attempts = EXCLUDED.max_attempts, time_limit_minutes = EXCLUDED.time_limit_minutes, "
         "version = o.version + 1, updated_at = now() RETURNING ",
         kOverrideColumns>.text};

constexpr Query kRemoveOverride{
    "exams_remove_override",
    "DELETE FROM overrides WHERE exam_id = $1::uuid AND student_id = $2::uuid"};

StoredAccommodation accommodation_values(const core::pg::Columns& c, int row) {
  return StoredAccommodation{c.get<double>(row, "time_multiplier"),
                             c.get<int>(row, "extra_minutes"),
                             c.get<bool>(row, "extend_past_close")};
}

StoredOverride override_values(const core::pg::Columns& c, int row) {
  return StoredOverride{c.get<std::optional<std::string>>(row, "opens_at"),
                        c.get<std::optional<std::string>>(row, "closes_at"),
                        c.get<std::optional<int>>(row, "max_attempts"),
                        c.get<std::optional<int>>(row, "time_limit_minutes")};
}

AccommodationRecord accommodation_record(const core::pg::Columns& c, int row) {
  return AccommodationRecord{c.get<std::string>(row, "course_id"),
                             c.get<std::string>(row, "student_id"), accommodation_values(c, row),
                             c.get<std::int64_t>(row, "version"),
                             c.get<std::string>(row, "updated_at")};
}

OverrideRecord override_record(const core::pg::Columns& c, int row) {
  return OverrideRecord{c.get<std::string>(row, "exam_id"), c.get<std::string>(row, "student_id"),
                        override_values(c, row), c.get<std::int64_t>(row, "version"),
                        c.get<std::string>(row, "updated_at")};
}

template <class Record, class Read>
std::optional<Record> first(const Result& r, Read read) {
  if (r.empty()) {
    return std::nullopt;
  }
  return read(core::pg::Columns(r), 0);
}

template <class Record, class Read>
Upserted<Record> upserted(const Result& r, Read read) {
  core::pg::Columns c(r);
  return Upserted<Record>{read(c, 0), c.get<bool>(0, "created")};
}

constexpr Query kLockStudent{"exams_lock_student_times",
                             "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))"};

}  // namespace

asio::awaitable<std::optional<StoredAccommodation>> accommodation(Transaction& tx,
                                                                  const std::string& course_id,
                                                                  const std::string& student_id) {
  auto r = co_await tx.query(kFindAccommodation, course_id, student_id);
  co_return first<StoredAccommodation>(r, accommodation_values);
}

asio::awaitable<std::optional<StoredOverride>> override_for(Transaction& tx,
                                                            const std::string& exam_id,
                                                            const std::string& student_id) {
  auto r = co_await tx.query(kFindOverride, exam_id, student_id);
  co_return first<StoredOverride>(r, override_values);
}

asio::awaitable<std::optional<AccommodationRecord>> find_accommodation(
    Pool& db, const std::string& course_id, std::string_view student_id) {
  if (!core::is_uuid(student_id)) {
    co_return std::nullopt;
  }
  auto r = co_await db.query(kFindAccommodation, course_id, student_id);
  co_return first<AccommodationRecord>(r, accommodation_record);
}

asio::awaitable<std::optional<AccommodationRecord>> lock_accommodation(
    Transaction& tx, const std::string& course_id, std::string_view student_id) {
  if (!core::is_uuid(student_id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kLockAccommodation, course_id, student_id);
  co_return first<AccommodationRecord>(r, accommodation_record);
}

asio::awaitable<std::vector<AccommodationRecord>> list_accommodations(
    Pool& db, const std::string& course_id, const std::optional<std::string>& cursor, int limit) {
  auto r = co_await db.query(kListAccommodations, course_id, cursor, limit);
  co_return core::pg::all_rows(r, accommodation_record);
}

asio::awaitable<Upserted<AccommodationRecord>> put_accommodation(
    Transaction& tx, const std::string& course_id, const std::string& student_id,
    const StoredAccommodation& values) {
  auto r = co_await tx.query(kPutAccommodation, course_id, student_id, values.time_multiplier,
                             values.extra_minutes, values.extend_past_close);
  co_return upserted<AccommodationRecord>(r, accommodation_record);
}

asio::awaitable<void> remove_accommodation(Transaction& tx, const std::string& course_id,
                                           const std::string& student_id) {
  co_await tx.query(kRemoveAccommodation, course_id, student_id);
}

asio::awaitable<std::optional<OverrideRecord>> find_override(Pool& db, const std::string& exam_id,
                                                             std::string_view student_id) {
  if (!core::is_uuid(student_id)) {
    co_return std::nullopt;
  }
  auto r = co_await db.query(kFindOverride, exam_id, student_id);
  co_return first<OverrideRecord>(r, override_record);
}

asio::awaitable<std::optional<OverrideRecord>> lock_override(Transaction& tx,
                                                             const std::string& exam_id,
                                                             std::string_view student_id) {
  if (!core::is_uuid(student_id)) {
    co_return std::nullopt;
  }
  auto r = co_await tx.query(kLockOverride, exam_id, student_id);
  co_return first<OverrideRecord>(r, override_record);
}

asio::awaitable<std::vector<OverrideRecord>> list_overrides(
    Pool& db, const std::string& exam_id, const std::optional<std::string>& cursor, int limit) {
  auto r = co_await db.query(kListOverrides, exam_id, cursor, limit);
  co_return core::pg::all_rows(r, override_record);
}

asio::awaitable<Upserted<OverrideRecord>> put_override(Transaction& tx, const std::string& exam_id,
                                                       const std::string& student_id,
                                                       const StoredOverride& values) {
  auto r = co_await tx.query(kPutOverride, exam_id, student_id, values.opens_at, values.closes_at,
                             values.max_attempts, values.time_limit_minutes);
  co_return upserted<OverrideRecord>(r, override_record);
}

asio::awaitable<void> remove_override(Transaction& tx, const std::string& exam_id,
                                      const std::string& student_id) {
  co_await tx.query(kRemoveOverride, exam_id, student_id);
}

asio::awaitable<void> lock_student(Transaction& tx, const std::string& course_id,
                                   const std::string& student_id) {
  // Ids as PostgreSQL writes them, whatever case a path used.
  co_await tx.query(kLockStudent, core::ascii_lower(course_id + ' ' + student_id));
}

}  // namespace classroom::exams::adjustment_store
