#include "services/auth/link_mailer.hpp"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/mail/smtp.hpp"
#include "services/auth/email_text.hpp"
#include "services/auth/email_tokens.hpp"

namespace classroom::auth {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;

namespace {

// The waits before the second, third and fourth attempt: together longer
// than a mail server's restart, short enough that the link is still fresh.
constexpr std::array kRetryDelays{std::chrono::seconds(2), std::chrono::seconds(10),
                                  std::chrono::seconds(60)};

}  // namespace

LinkMailer::LinkMailer(asio::io_context& io, core::mail::Client& smtp, UserStore& users,
                       EmailTokenStore& tokens, EmailLinks links)
    : io_(io), smtp_(smtp), users_(users), tokens_(tokens), links_(std::move(links)) {}

void LinkMailer::send_verification(User user) {
  spawn(verification(std::move(user)), "verification");
}

void LinkMailer::send_reset(std::string email) { spawn(reset(std::move(email)), "reset"); }

void LinkMailer::stop() {
  stopped_ = true;
  for (auto* timer : waiting_) {
    timer->cancel();
  }
}

void LinkMailer::spawn(asio::awaitable<void> task, std::string what) {
  asio::co_spawn(io_, std::move(task), [what = std::move(what)](std::exception_ptr failure) {
    if (!failure) {
      return;
    }
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      core::log::error("e-mail link not sent", {{"mail", what}, {"error", e.what()}});
    }
  });
}

asio::awaitable<void> LinkMailer::verification(User user) {
  std::string token =
      co_await tokens_.issue(user.id, user.email, TokenPurpose::kVerifyEmail, links_.verify_ttl);
  std::chrono::system_clock::time_point registered{std::chrono::microseconds(user.created_us)};
  auto message =
      verification_mail({user.email, user.display_name},
                        verification_link(links_.public_url, token), links_.verify_ttl, registered);
  co_await deliver(std::move(message), "verification", user.id);
}

asio::awaitable<void> LinkMailer::reset(std::string email) {
  auto user = co_await users_.find_by_email(email);
  if (!user || !user->active) {
    co_return;
  }
  std::string token =
      co_await tokens_.issue(user->id, user->email, TokenPurpose::kResetPassword, links_.reset_ttl);
  auto message = reset_mail({user->email, user->display_name}, reset_link(links_.public_url, token),
                            links_.reset_ttl);
  co_await deliver(std::move(message), "reset", user->id);
}

asio::awaitable<void> LinkMailer::deliver(core::mail::Message message, std::string_view what,
                                          std::string user_id) {
  for (std::size_t attempt = 0;; ++attempt) {
    std::string failure;
    try {
      co_await smtp_.send(message);
      co_return;
    } catch (const Error& e) {
      // Refused for good (kInvalidArgument), or not now (kUnavailable).
      if (e.code() == ErrorCode::kInvalidArgument || attempt == kRetryDelays.size()) {
        core::log::warn("e-mail link not sent",
                        {{"mail", what}, {"userId", user_id}, {"error", e.what()}});
        co_return;
      }
      failure = e.what();
    }
    core::log::info("e-mail link not sent yet; trying again",
                    {{"mail", what}, {"userId", user_id}, {"error", failure}});
    if (!co_await pause(kRetryDelays[attempt])) {
      core::log::warn("e-mail link not sent: stopping", {{"mail", what}, {"userId", user_id}});
      co_return;
    }
  }
}

asio::awaitable<bool> LinkMailer::pause(std::chrono::seconds delay) {
  if (stopped_) {
    co_return false;
  }
  asio::steady_timer timer(io_, delay);
  waiting_.insert(&timer);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  waiting_.erase(&timer);
  co_return !stopped_;
}

}  // namespace classroom::auth
