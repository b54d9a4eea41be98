#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/notify/domain/preferences.hpp"

namespace classroom::core::redis {
class Client;
}

// Each user's inbox in Redis (docs/decisions.md, "Notifications"), every key
// in the user's own Cluster slot (keys.hpp): notify:{u}:seq (the user's item
// counter), notify:{u}:inbox and notify:{u}:unread (ZSETs item id -> seq),
// notify:{u}:item (HASH item id -> item JSON without readAt), notify:{u}:read
// (HASH item id -> readAt), and the e-mail jobs a delivery queues for the user
// (notify:{u}:mail, notify:{u}:digest: mail_store.hpp). An item's id is the id
// of the event it tells of; its seq orders the user's items.
namespace classroom::notify::inbox_store {

// At most this many items are kept per user: the oldest go first.
inline constexpr int kInboxLimit = 1000;
// Where deliveries and unread counts are published for live connections.
inline constexpr const char* kLiveChannel = "notify:live";

struct StoredItem {
  std::string id;
  std::int64_t seq = 0;
  std::string json;  // the item JSON with readAt (null or an RFC 3339 time)
};

struct Recipient {
  std::string user_id;
  EmailMode email = EmailMode::kOff;  // the user's preference for the item's type
};

// One notice of one event to a group of users (muted ones already left out).
struct Delivery {
  std::string done_key;   // done_key(event id, group): set once the delivery is applied
  std::string item_id;    // the event's id
  std::string item_json;  // the item without readAt
  std::vector<Recipient> recipients;
  // An address with no account (an invitation): an e-mail job, no inbox.
  std::optional<std::string> email;
};

// notify:done:<eventId>, or notify:done:<eventId>:<group> for the second and
// later notices of one event.
std::string done_key(const std::string& event_id, std::size_t group);

// The mailbox (mail_store.hpp) of the job to an address without an account:
// one per event, named after it, since no user's keys can hold it.
std::string address_owner(const std::string& event_id);

// Applies a delivery, one script per recipient in one pipeline, each in the
// recipient's slot: a recipient that does not hold the item yet gets it in
// their inbox (trimmed to kInboxLimit), unread, an e-mail job by their
// preference, and one message on kLiveChannel from inside the script (so a
// user's live messages come in seq order). Then the users with e-mail
// waiting are added to their sets, and last the done key is set for 7 days.
// A crash in between leaves the done key unset: the redelivery skips who has
// the item already and adds the users to the sets again. Returns false when
// the done key was there (the event was applied before): nothing changes.
boost::asio::awaitable<bool> deliver(core::redis::Client& redis, const Delivery& delivery);

// The seq of the user's item, nullopt when it is not (or no longer) in the inbox.
boost::asio::awaitable<std::optional<std::int64_t>> seq_of(core::redis::Client& redis,
                                                           const std::string& user,
                                                           const std::string& item_id);
// Up to `limit` items with a seq above `seq`, oldest first (live backlogs).
boost::asio::awaitable<std::vector<StoredItem>> after(core::redis::Client& redis,
                                                      const std::string& user, std::int64_t seq,
                                                      int limit);
// Up to `limit` items with a seq below `before_seq` (all when nullopt),
// newest first; only unread ones when `unread_only`.
boost::asio::awaitable<std::vector<StoredItem>> page(core::redis::Client& redis,
                                                     const std::string& user, bool unread_only,
                                                     std::optional<std::int64_t> before_seq,
                                                     int limit);
boost::asio::awaitable<std::int64_t> unread_count(core::redis::Client& redis,
                                                  const std::string& user);

// Marks the item read at `read_at` (RFC 3339); false when it is not in the
// user's inbox. Reading an item read already changes nothing. A change
// publishes the new unread count on kLiveChannel.
boost::asio::awaitable<bool> mark_read(core::redis::Client& redis, const std::string& user,
                                       const std::string& item_id, const std::string& read_at);
// Marks every unread item read; returns how many were.
boost::asio::awaitable<std::int64_t> mark_all_read(core::redis::Client& redis,
                                                   const std::string& user,
                                                   const std::string& read_at);

}  // namespace classroom::notify::inbox_store
