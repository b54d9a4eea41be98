#include "services/auth/email_text.hpp"

#include <fmt/format.h>

#include <array>

namespace classroom::auth {

namespace {

std::string count_of(std::int64_t n, std::string_view unit) {
  return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
}

// Every link mail: a greeting, what the link does, the link, how long it
// works and what follows, and what to do if it was not you.
core::mail::Message link_mail(core::mail::Address to, std::string subject, std::string_view what,
                              std::string_view link, std::chrono::seconds valid_for,
                              std::string_view after, std::string_view not_you) {
  std::string greeting = to.name.empty() ? "Hello," : fmt::format("Hello {},", to.name);
  std::string body = fmt::format("{}\n\n{}:\n\n{}\n\nThe link works once and for {}. {}\n\n{}\n",
                                 greeting, what, link, duration_text(valid_for), after, not_you);
  return {std::move(to), std::move(subject), std::move(body)};
}

}  // namespace

std::string verification_link(std::string_view public_url, std::string_view token) {
  return fmt::format("{}/verify-email#token={}", public_url, token);
}

std::string reset_link(std::string_view public_url, std::string_view token) {
  return fmt::format("{}/reset-password#token={}", public_url, token);
}

std::string duration_text(std::chrono::seconds duration) {
  const std::int64_t s = duration.count();
  if (s > 0 && s % 3600 == 0) {
    return count_of(s / 3600, "hour");
  }
  if (s > 0 && s % 60 == 0) {
    return count_of(s / 60, "minute");
  }
  return count_of(s, "second");
}

std::string time_text(std::chrono::system_clock::time_point t) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss clock{std::chrono::floor<std::chrono::minutes>(t - day)};
  return fmt::format("{} {} {} at {:02}:{:02} UTC", static_cast<unsigned>(date.day()),
                     kMonths.at(static_cast<unsigned>(date.month()) - 1),
                     static_cast<int>(date.year()), clock.hours().count(), clock.minutes().count());
}

core::mail::Message verification_mail(core::mail::Address to, std::string_view link,
                                      std::chrono::seconds valid_for,
                                      std::chrono::system_clock::time_point registered) {
  // The account named, so that the owner of the mailbox does not confirm an
  // account someone else registered with their address.
  std::string what = fmt::format(
      "please confirm that the Classroom account '{}' created on {} uses this e-mail address "
      "by opening this link",
      to.name, time_text(registered));
  return link_mail(std::move(to), "Confirm your e-mail address for Classroom", what, link,
                   valid_for,
                   "Until the address is confirmed, the account cannot accept invitations to "
                   "courses. You can ask for a new link in Classroom at any time.",
                   "If you did not create this account, ignore this e-mail and nobody gets "
                   "access: nothing happens without the link.");
}

core::mail::Message reset_mail(core::mail::Address to, std::string_view link,
                               std::chrono::seconds valid_for) {
  return link_mail(std::move(to), "Reset your Classroom password",
                   "someone asked to reset the password of the Classroom account of this "
                   "address. To choose a new password, open this link",
                   link, valid_for, "Setting a new password signs the account out everywhere.",
                   "If it was not you, ignore this e-mail: your password stays as it is.");
}

}  // namespace classroom::auth
