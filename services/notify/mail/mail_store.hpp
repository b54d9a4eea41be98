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

// notify's e-mail jobs in Redis. A job is
// `{"userId", "email", "item"}` as the delivery script pushes it.
//
// Immediate jobs wait in the LIST notify:mail:queue. A sender takes one with
// a lease: the job moves, in one script, into the ZSET notify:mail:sending
// scored by the lease's end, and leaves it only once the SMTP server has
// accepted it (done) or refused it for good. A sender that crashes leaves
// its job there; recover() puts jobs whose lease ended back at the head of
// the queue, so a crash resends rather than loses. The lease is longer than
// a send can take, so two senders never send one job in normal operation.
//
// Digest jobs wait in notify:digest:{u} (users with some in the SET
// notify:digest:users). notify:digest:last:{u} holds the last period whose
// digest the user got, and notify:digest:lock:{u} (a lease) lets one sender
// at a time build the user's digest: once per period across instances.
namespace classroom::notify::mail_store {

struct Job {
  std::string raw;  // as queued: what done() and release() name
  std::optional<std::string> user_id;
  std::optional<std::string> email;  // an address without an account
  mail::MailItem item;
};

// nullopt when `raw` is not a job (logged and dropped by the caller).
std::optional<Job> parse_job(std::string raw);

// The oldest queued job, leased for `lease`; nullopt when the queue is empty.
boost::asio::awaitable<std::optional<std::string>> claim(core::redis::Client& redis,
                                                         std::chrono::milliseconds lease);
// The job is finished with (sent or refused for good).
boost::asio::awaitable<void> done(core::redis::Client& redis, const std::string& raw);
// The job goes back to the head of the queue (not sent, to be tried again).
boost::asio::awaitable<void> release(core::redis::Client& redis, const std::string& raw);
// Jobs whose lease ended go back to the head of the queue; returns how many.
boost::asio::awaitable<std::int64_t> recover(core::redis::Client& redis);

// The user's address and display name from notify:user:{u}; nullopt when
// notify has none.
boost::asio::awaitable<std::optional<core::mail::Address>> address_of(core::redis::Client& redis,
                                                                      const std::string& user);

boost::asio::awaitable<std::vector<std::string>> digest_users(core::redis::Client& redis);
// The user's digest jobs (oldest first) when their digest of `period` is due
// and no other sender builds it, leased for `lease`; nullopt otherwise. A
// user seen for the first time gets their first digest in the next period.
boost::asio::awaitable<std::optional<std::vector<std::string>>> claim_digest(
    core::redis::Client& redis, const std::string& user, std::int64_t period,
    std::chrono::milliseconds lease);
// The first `count` jobs were sent (or refused for good): they go, and the
// user has had the digest of `period`.
boost::asio::awaitable<void> finish_digest(core::redis::Client& redis, const std::string& user,
                                           std::int64_t period, std::size_t count);
// Not sent: the digest stays due and may be claimed again.
boost::asio::awaitable<void> release_digest(core::redis::Client& redis, const std::string& user);

}  // namespace classroom::notify::mail_store
