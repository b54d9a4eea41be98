#include "services/api/stores/stream_store.hpp"

#include "core/http/conditional.hpp"
#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"

namespace classroom::api::stream_store {

namespace {

using core::pg::join;
using core::pg::Query;
using core::pg::Result;
using core::pg::utc;

constexpr core::pg::Sql kAnnouncementColumns = join<
    "id::text AS id, course_id::text AS course_id, author_id::text AS author_id, text, version, ",
    utc<"created_at">, " AS created_at, ", utc<"updated_at">, " AS updated_at">;

constexpr Query kInsertAnnouncement{
    "api_insert_announcement",
    join<"INSERT INTO announcements (id, course_id, author_id, text) "
         "VALUES ($1::uuid, $2::uuid, $3::uuid, $4) RETURNING ",
         kAnnouncementColumns>.text};

constexpr Query kListAnnouncements{
    "api_list_announcements",
    join<"SELECT ", kAnnouncementColumns,
         " FROM announcements WHERE course_id = $1::uuid "
         "AND ($2::uuid IS NULL OR id < $2::uuid) ORDER BY id DESC LIMIT $3">.text};

constexpr Query kSelectAnnouncement{
    "api_select_announcement",
    join<"SELECT ", kAnnouncementColumns,
         " FROM announcements WHERE course_id = $1::uuid AND id = $2::uuid">.text};

constexpr Query kUpdateAnnouncement{
    "api_update_announcement",
    join<"UPDATE announcements SET text = $3, version = version + 1, updated_at = now() "
         "WHERE course_id = $1::uuid AND id = $2::uuid AND ($4::bigint IS NULL OR version = $4) "
         "RETURNING ",
         kAnnouncementColumns>.text};

constexpr Query kDeleteAnnouncement{
    "api_delete_announcement",
    "DELETE FROM announcements WHERE course_id = $1::uuid AND id = $2::uuid "
    "AND ($3::bigint IS NULL OR version = $3) RETURNING id"};

constexpr core::pg::Sql kCommentColumns = join<
    "id::text AS id, course_id::text AS course_id, announcement_id::text AS announcement_id, "
    "coursework_id::text AS coursework_id, author_id::text AS author_id, text, ",
    utc<"created_at">, " AS created_at">;

constexpr Query kInsertComment{
    "api_insert_comment",
    join<"INSERT INTO comments (id, course_id, announcement_id, coursework_id, author_id, text) "
         "VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6) RETURNING ",
         kCommentColumns>.text};

// Comments of an announcement ($2) or of coursework ($3).
constexpr core::pg::Sql kThreadIs =
    " FROM comments WHERE course_id = $1::uuid AND announcement_id IS NOT DISTINCT FROM $2::uuid "
    "AND coursework_id IS NOT DISTINCT FROM $3::uuid ";

constexpr Query kListComments{
    "api_list_comments",
    join<"SELECT ", kCommentColumns, kThreadIs,
         "AND ($4::uuid IS NULL OR id < $4::uuid) ORDER BY id DESC LIMIT $5">.text};

constexpr Query kSelectComment{
    "api_select_comment", join<"SELECT ", kCommentColumns, kThreadIs, "AND id = $4::uuid">.text};

constexpr Query kDeleteComment{"api_delete_comment", "DELETE FROM comments WHERE id = $1::uuid"};

constexpr core::pg::Sql kTopicColumns =
    join<"id::text AS id, course_id::text AS course_id, name, version, ", utc<"created_at">,
         " AS created_at, ", utc<"updated_at">, " AS updated_at">;

constexpr Query kInsertTopic{
    "api_insert_topic",
    join<"INSERT INTO topics (id, course_id, name) VALUES ($1::uuid, $2::uuid, $3) RETURNING ",
         kTopicColumns>.text};

constexpr Query kListTopics{
    "api_list_topics",
    join<"SELECT ", kTopicColumns,
         " FROM topics WHERE course_id = $1::uuid "
         "AND ($2::uuid IS NULL OR id < $2::uuid) ORDER BY id DESC LIMIT $3">.text};

constexpr Query kSelectTopic{
    "api_select_topic",
    join<"SELECT ", kTopicColumns, " FROM topics WHERE course_id = $1::uuid AND id = $2::uuid">.text};

constexpr Query kTopicExists{"api_topic_exists",
                             "SELECT 1 FROM topics WHERE course_id = $1::uuid AND id = $2::uuid"};

constexpr Query kRenameTopic{
    "api_rename_topic",
    join<"UPDATE topics SET name = $3, version = version + 1, updated_at = now() "
         "WHERE course_id = $1::uuid AND id = $2::uuid AND ($4::bigint IS NULL OR version = $4) "
         "RETURNING ",
         kTopicColumns>.text};

constexpr Query kDeleteTopic{"api_delete_topic",
                             "DELETE FROM topics WHERE course_id = $1::uuid AND id = $2::uuid "
                             "AND ($3::bigint IS NULL OR version = $3) RETURNING id"};

Announcement announcement(const core::pg::Columns& r, int row) {
  return Announcement{r.get<std::string>(row, "id"),        r.get<std::string>(row, "course_id"),
                      r.get<std::string>(row, "author_id"), r.get<std::string>(row, "text"),
                      r.get<std::int64_t>(row, "version"),  r.get<std::string>(row, "created_at"),
                      r.get<std::string>(row, "updated_at")};
}

Comment comment(const core::pg::Columns& r, int row) {
  return Comment{r.get<std::string>(row, "id"),
                 r.get<std::string>(row, "course_id"),
                 r.get<std::optional<std::string>>(row, "announcement_id"),
                 r.get<std::optional<std::string>>(row, "coursework_id"),
                 r.get<std::string>(row, "author_id"),
                 r.get<std::string>(row, "text"),
                 r.get<std::string>(row, "created_at")};
}

Topic topic(const core::pg::Columns& r, int row) {
  return Topic{r.get<std::string>(row, "id"),         r.get<std::string>(row, "course_id"),
               r.get<std::string>(row, "name"),       r.get<std::int64_t>(row, "version"),
               r.get<std::string>(row, "created_at"), r.get<std::string>(row, "updated_at")};
}

// A path id that is not a UUID names nothing.
void require_id(std::string_view id, std::string_view what) {
  if (!core::is_uuid(id)) {
    throw core::Error(core::ErrorCode::kNotFound, "no such " + std::string(what));
  }
}

// The written row of a write conditional on `version`.
template <class Read>
auto written(const Result& r, Read read, std::string_view what, Version version) {
  if (r.empty()) {
    core::http::changed_or_gone(what, version);
  }
  return read(r, 0);
}

asio::awaitable<Result> unique_topic_name(asio::awaitable<Result> write) {
  return core::pg::refused_as(
      std::move(write), core::pg::Refusal::kUniqueViolation,
      core::Error(core::ErrorCode::kAlreadyExists, "the course already has a topic of this name"));
}

template <class Db>
asio::awaitable<Topic> select_topic(Db& db, const std::string& course_id, std::string_view id) {
  require_id(id, "topic");
  Result r = co_await db.query(kSelectTopic, course_id, id);
  core::pg::require_row(r, "topic");
  co_return topic(r, 0);
}

}  // namespace

asio::awaitable<Announcement> insert_announcement(Transaction& tx, const std::string& course_id,
                                                  const std::string& author_id,
                                                  const std::string& text) {
  // Named before the co_await (GCC 12, docs/decisions.md).
  std::string id = core::new_uuid();
  auto r = co_await tx.query(kInsertAnnouncement, id, course_id, author_id, text);
  co_return announcement(r, 0);
}

asio::awaitable<std::vector<Announcement>> list_announcements(
    Pool& db, const std::string& course_id, const std::optional<std::string>& cursor, int count) {
  co_return core::pg::all_rows(co_await db.query(kListAnnouncements, course_id, cursor, count),
                               announcement);
}

asio::awaitable<Announcement> find_announcement(Pool& db, const std::string& course_id,
                                                std::string_view id) {
  require_id(id, "announcement");
  auto r = co_await db.query(kSelectAnnouncement, course_id, id);
  core::pg::require_row(r, "announcement");
  co_return announcement(r, 0);
}

asio::awaitable<Announcement> update_announcement(Pool& db, const std::string& course_id,
                                                  const std::string& id, const std::string& text,
                                                  Version version) {
  auto r = co_await db.query(kUpdateAnnouncement, course_id, id, text, version);
  co_return written(r, announcement, "announcement", version);
}

asio::awaitable<void> delete_announcement(Pool& db, const std::string& course_id,
                                          const std::string& id, Version version) {
  auto r = co_await db.query(kDeleteAnnouncement, course_id, id, version);
  if (r.empty()) {
    core::http::changed_or_gone("announcement", version);
  }
}

asio::awaitable<Comment> insert_comment(Transaction& tx, const Thread& thread,
                                        const std::string& author_id, const std::string& text) {
  std::string id = core::new_uuid();
  // The announcement or coursework may be deleted while this request runs.
  core::Error deleted(core::ErrorCode::kNotFound, "it was just deleted");
  auto r = co_await core::pg::refused_as(
      tx.query(kInsertComment, id, thread.course_id, thread.announcement_id, thread.coursework_id,
               author_id, text),
      core::pg::Refusal::kForeignKeyViolation, std::move(deleted));
  co_return comment(r, 0);
}

asio::awaitable<std::vector<Comment>> list_comments(Pool& db, const Thread& thread,
                                                    const std::optional<std::string>& cursor,
                                                    int count) {
  auto r = co_await db.query(kListComments, thread.course_id, thread.announcement_id,
                             thread.coursework_id, cursor, count);
  co_return core::pg::all_rows(r, comment);
}

asio::awaitable<Comment> find_comment(Pool& db, const Thread& thread, std::string_view id) {
  require_id(id, "comment");
  auto r = co_await db.query(kSelectComment, thread.course_id, thread.announcement_id,
                             thread.coursework_id, id);
  core::pg::require_row(r, "comment");
  co_return comment(r, 0);
}

asio::awaitable<void> delete_comment(Pool& db, const std::string& id) {
  co_await db.query(kDeleteComment, id);
}

asio::awaitable<Topic> insert_topic(Transaction& tx, const std::string& course_id,
                                    const std::string& name) {
  std::string id = core::new_uuid();
  auto r = co_await unique_topic_name(tx.query(kInsertTopic, id, course_id, name));
  co_return topic(r, 0);
}

asio::awaitable<std::vector<Topic>> list_topics(Pool& db, const std::string& course_id,
                                                const std::optional<std::string>& cursor,
                                                int count) {
  co_return core::pg::all_rows(co_await db.query(kListTopics, course_id, cursor, count), topic);
}

asio::awaitable<Topic> find_topic(Pool& db, const std::string& course_id, std::string_view id) {
  return select_topic(db, course_id, id);
}

asio::awaitable<Topic> find_topic(Transaction& tx, const std::string& course_id,
                                  std::string_view id) {
  return select_topic(tx, course_id, id);
}

asio::awaitable<Topic> rename_topic(Pool& db, const std::string& course_id, const std::string& id,
                                    const std::string& name, Version version) {
  auto r = co_await unique_topic_name(db.query(kRenameTopic, course_id, id, name, version));
  co_return written(r, topic, "topic", version);
}

asio::awaitable<bool> has_topic(Transaction& tx, const std::string& course_id,
                                const std::string& id) {
  auto r = co_await tx.query(kTopicExists, course_id, id);
  co_return !r.empty();
}

asio::awaitable<void> delete_topic(Transaction& tx, const std::string& course_id,
                                   const std::string& id, Version version) {
  auto r = co_await tx.query(kDeleteTopic, course_id, id, version);
  if (r.empty()) {
    core::http::changed_or_gone("topic", version);
  }
}

}  // namespace classroom::api::stream_store
