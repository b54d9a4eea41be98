#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/mail/message.hpp"
#include "services/notify/mail/mail_text.hpp"

namespace classroom::core::redis {
class Client;
}

// notify's e-mail jobs in Redis. A job is `{"userId", "email", "item"}` as
// the delivery script queues it. Every list below belongs to one user (a
// "mailbox": a user id, or inbox_store::address_owner() for an address
// without an account), in the user's Cluster slot (keys.hpp); two global sets
// name the users with something waiting.
//
// Immediate jobs wait in the user's LIST notify:{u}:mail, and the user is in
// the SET notify:mail:users (added after the delivery script; a crash in
// between is repaired by the event's redelivery, which adds again). A sender
// takes a user's job with a lease: the job moves, in one script, into the
// user's ZSET notify:{u}:mail:sending scored by the lease's end, and leaves
// it only once the SMTP server has accepted it (done) or refused it for good.
// A sender that crashes leaves its job there; the user's next claim puts jobs
// whose lease ended back at the head of their list, so a crash resends rather
// than loses. The lease is longer than a send can take, so two senders never
// send one job in normal operation. A user leaves the set only when both
// their list and their sending set are empty, checked again after the SREM
// (a job queued meanwhile puts them back).
//
// Digest jobs wait in notify:{u}:digest (users with some in the SET
// notify:digest:users). notify:{u}:digest:last holds the last period whose
// digest the user got, and notify:{u}:digest:lock (a random token with a
// lease) lets one sender at a time build the user's digest: once per period
// across instances. Only the token's holder may finish or release it.
namespace classroom::notify::mail_store {

struct Job {
  std::string raw;  // as queued: what done() and release() name
  std::optional<std::string> user_id;
  std::optional<std::string> email;  // an address without an account
  mail::MailItem item;
};

// nullopt when `raw` is not a job (logged and dropped by the caller).
std::optional<Job> parse_job(std::string raw);

// The users with immediate jobs waiting (or being sent).
boost::asio::awaitable<std::vector<std::string>> mail_users(core::redis::Client& redis);

struct Claimed {
  std::optional<std::string> job;  // nullopt when the user's list is empty
  std::int64_t recovered = 0;      // jobs of stopped senders queued again first
};
// The user's oldest queued job, leased for `lease`.
boost::asio::awaitable<Claimed> claim(core::redis::Client& redis, const std::string& user,
                                      std::chrono::milliseconds lease);
// The job is finished with (sent or refused for good).
boost::asio::awaitable<void> done(core::redis::Client& redis, const std::string& user,
                                  const std::string& raw);
// The job goes back to the head of the user's list (not sent, to be tried again).
boost::asio::awaitable<void> release(core::redis::Client& redis, const std::string& user,
                                     const std::string& raw);
// Takes the user out of notify:mail:users when nothing of theirs waits or is being sent.
boost::asio::awaitable<void> forget_if_idle(core::redis::Client& redis, const std::string& user);

boost::asio::awaitable<std::vector<std::string>> digest_users(core::redis::Client& redis);

struct DigestClaim {
  std::string token;  // the lock's value: this claim's alone
  std::vector<std::string> jobs;
};
// The user's digest jobs (oldest first) when their digest of `period` is due
// and no other sender builds it, leased for `lease`; nullopt otherwise. A
// user seen for the first time gets their first digest in the next period.
boost::asio::awaitable<std::optional<DigestClaim>> claim_digest(core::redis::Client& redis,
                                                                const std::string& user,
                                                                std::int64_t period,
                                                                std::chrono::milliseconds lease);
// The claimed jobs were sent (or refused for good): they go, and the user has
// had the digest of `period`. Changes nothing when the claim is no longer the
// lock's (its lease ran out and another sender took it, or finished).
boost::asio::awaitable<void> finish_digest(core::redis::Client& redis, const std::string& user,
                                           std::int64_t period, const DigestClaim& claim);
// Not sent: the digest stays due and may be claimed again.
boost::asio::awaitable<void> release_digest(core::redis::Client& redis, const std::string& user,
                                            const DigestClaim& claim);

}  // namespace classroom::notify::mail_store
