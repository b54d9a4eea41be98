#include "services/notify/mail/mailer.hpp"

#include <exception>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/mail/smtp.hpp"
#include "services/notify/mail/mail_store.hpp"
#include "services/notify/people.hpp"

namespace classroom::notify::mail {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;

namespace {

// Whether `message` went: true when sent, false when refused for good
// (logged: a retry cannot help). Unavailable throws.
asio::awaitable<bool> try_send(core::mail::Client& smtp, core::mail::Message message,
                               std::string_view what) {
  try {
    co_await smtp.send(std::move(message));
    co_return true;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kInvalidArgument) {
      throw;
    }
    core::log::warn("e-mail dropped: refused for good", {{"mail", what}, {"error", e.what()}});
  }
  co_return false;
}

}  // namespace

std::int64_t digest_period(std::chrono::system_clock::time_point now,
                           const MailerSettings& settings) {
  const auto since =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()) - settings.digest_at;
  return since.count() / settings.digest_every.count() - (since.count() < 0 ? 1 : 0);
}

Mailer::Mailer(core::redis::Client& redis, core::mail::Client& smtp, People& people,
               MailerSettings settings)
    : redis_(redis), smtp_(smtp), people_(people), settings_(std::move(settings)) {}

asio::awaitable<void> Mailer::send_queued() {
  const auto users = co_await mail_store::mail_users(redis_);
  for (const auto& user : users) {
    co_await send_queued_of(user);
  }
}

asio::awaitable<void> Mailer::send_queued_of(const std::string& user) {
  for (;;) {
    auto claimed = co_await mail_store::claim(redis_, user, settings_.lease);
    if (claimed.recovered > 0) {
      core::log::warn("e-mail jobs whose sender stopped are queued again",
                      {{"userId", user}, {"count", std::to_string(claimed.recovered)}});
    }
    if (!claimed.job) {
      break;
    }
    // No co_await in a handler: the failure is kept and rethrown below.
    std::exception_ptr unavailable;
    try {
      co_await send_job(*claimed.job);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kUnavailable) {
        throw;
      }
      unavailable = std::current_exception();
    }
    if (unavailable) {
      co_await mail_store::release(redis_, user, *claimed.job);
      std::rethrow_exception(unavailable);
    }
    co_await mail_store::done(redis_, user, *claimed.job);
  }
  co_await mail_store::forget_if_idle(redis_, user);
}

asio::awaitable<void> Mailer::send_job(const std::string& raw) {
  auto job = mail_store::parse_job(raw);
  if (!job) {
    core::log::warn("e-mail job dropped: not a job", {{"job", raw}});
    co_return;
  }
  if (job->email) {
    auto message = invitation_mail(job->item, {*job->email, ""}, settings_.public_url);
    co_await try_send(smtp_, std::move(message), "invitation");
    co_return;
  }
  auto to = co_await people_.address(*job->user_id);
  if (!to) {
    core::log::warn("e-mail job dropped: no address known", {{"userId", *job->user_id}});
    co_return;
  }
  auto message = immediate_mail(job->item, std::move(*to), settings_.public_url);
  co_await try_send(smtp_, std::move(message), "notification");
}

asio::awaitable<void> Mailer::send_digests(std::chrono::system_clock::time_point now) {
  const auto period = digest_period(now, settings_);
  const auto users = co_await mail_store::digest_users(redis_);
  // One user's failure must not hold up the users after them: each is tried,
  // and an unavailable server or Redis is reported once, after all of them.
  std::exception_ptr unavailable;
  for (const auto& user : users) {
    try {
      co_await send_digest(user, period);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kUnavailable) {
        core::log::error("digest not sent", {{"userId", user}, {"error", e.what()}});
      } else if (!unavailable) {
        unavailable = std::current_exception();
      }
    } catch (const std::exception& e) {
      core::log::error("digest not sent", {{"userId", user}, {"error", e.what()}});
    }
  }
  if (unavailable) {
    std::rethrow_exception(unavailable);
  }
}

asio::awaitable<void> Mailer::send_digest(const std::string& user, std::int64_t period) {
  auto claim = co_await mail_store::claim_digest(redis_, user, period, settings_.lease);
  if (!claim) {
    co_return;
  }
  std::vector<MailItem> items;
  for (const auto& raw : claim->jobs) {
    if (auto job = mail_store::parse_job(raw)) {
      items.push_back(std::move(job->item));
    }
  }
  // api (asked for an address notify lacks) or the mail server unavailable:
  // the claim is given back, to be tried again.
  std::exception_ptr unavailable;
  try {
    co_await send_digest_of(user, items);
  } catch (const Error&) {
    unavailable = std::current_exception();
  }
  if (unavailable) {
    co_await mail_store::release_digest(redis_, user, *claim);
    std::rethrow_exception(unavailable);
  }
  co_await mail_store::finish_digest(redis_, user, period, *claim);
}

asio::awaitable<void> Mailer::send_digest_of(const std::string& user,
                                             const std::vector<MailItem>& items) {
  if (items.empty()) {
    co_return;
  }
  auto to = co_await people_.address(user);
  if (!to) {
    core::log::warn("digest dropped: no address known", {{"userId", user}});
    co_return;
  }
  auto message = digest_mail(items, std::move(*to), settings_.public_url);
  co_await try_send(smtp_, std::move(message), "digest");
}

}  // namespace classroom::notify::mail
