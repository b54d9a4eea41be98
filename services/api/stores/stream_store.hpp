#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/api/model.hpp"

namespace classroom::core::pg {
class Pool;
class Transaction;
}  // namespace classroom::core::pg

// A course's stream: announcements, the comments on announcements and on
// coursework, and topics. Lists are newest first from `cursor` (an id),
// `count` rows at most. A write conditional on `version` (If-Match; nullopt:
// none) that finds no row is kPreconditionFailed or kNotFound.
namespace classroom::api::stream_store {

namespace asio = boost::asio;
using core::pg::Pool;
using core::pg::Transaction;
using Version = std::optional<std::int64_t>;

asio::awaitable<Announcement> insert_announcement(Transaction& tx, const std::string& course_id,
                                                  const std::string& author_id,
                                                  const std::string& text);
asio::awaitable<std::vector<Announcement>> list_announcements(
    Pool& db, const std::string& course_id, const std::optional<std::string>& cursor, int count);
// kNotFound unless the course has announcement `id`.
asio::awaitable<Announcement> find_announcement(Pool& db, const std::string& course_id,
                                                std::string_view id);
asio::awaitable<Announcement> update_announcement(Pool& db, const std::string& course_id,
                                                  const std::string& id, const std::string& text,
                                                  Version version);
asio::awaitable<void> delete_announcement(Pool& db, const std::string& course_id,
                                          const std::string& id, Version version);

// What a comment hangs on: an announcement or coursework (one of them).
struct Thread {
  std::string course_id;
  std::optional<std::string> announcement_id;
  std::optional<std::string> coursework_id;
};
// kNotFound when the thread was deleted meanwhile.
asio::awaitable<Comment> insert_comment(Transaction& tx, const Thread& thread,
                                        const std::string& author_id, const std::string& text);
asio::awaitable<std::vector<Comment>> list_comments(Pool& db, const Thread& thread,
                                                    const std::optional<std::string>& cursor,
                                                    int count);
asio::awaitable<Comment> find_comment(Pool& db, const Thread& thread, std::string_view id);
asio::awaitable<void> delete_comment(Pool& db, const std::string& id);

// kAlreadyExists when the course has a topic of this name.
asio::awaitable<Topic> insert_topic(Transaction& tx, const std::string& course_id,
                                    const std::string& name);
asio::awaitable<std::vector<Topic>> list_topics(Pool& db, const std::string& course_id,
                                                const std::optional<std::string>& cursor,
                                                int count);
asio::awaitable<Topic> find_topic(Pool& db, const std::string& course_id, std::string_view id);
asio::awaitable<Topic> find_topic(Transaction& tx, const std::string& course_id,
                                  std::string_view id);
asio::awaitable<Topic> rename_topic(Pool& db, const std::string& course_id, const std::string& id,
                                    const std::string& name, Version version);
// Whether the course has topic `id` (a UUID).
asio::awaitable<bool> has_topic(Transaction& tx, const std::string& course_id,
                                const std::string& id);
// Takes it off its coursework too; the caller holds the course row (0003).
asio::awaitable<void> delete_topic(Transaction& tx, const std::string& course_id,
                                   const std::string& id, Version version);

}  // namespace classroom::api::stream_store
