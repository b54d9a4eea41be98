#include "services/auth/email_text.hpp"

#include <fmt/format.h>

namespace classroom::auth {

namespace {

std::string count_of(std::int64_t n, std::string_view unit) {
  return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
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

core::mail::Message verification_mail(core::mail::Address to, std::string_view link,
                                      std::chrono::seconds valid_for) {
  std::string greeting = to.name.empty() ? "Hello," : fmt::format("Hello {},", to.name);
  std::string body = fmt::format(
      "{}\n\n"
      "please confirm that this is your e-mail address for Classroom by opening this link:\n\n"
      "{}\n\n"
      "The link works once and for {}. Until the address is confirmed, you cannot accept "
      "invitations to courses. You can ask for a new link in Classroom at any time.\n\n"
      "If you did not create a Classroom account, ignore this e-mail: nothing happens "
      "without the link.\n",
      greeting, link, duration_text(valid_for));
  return {std::move(to), "Confirm your e-mail address for Classroom", std::move(body)};
}

core::mail::Message reset_mail(core::mail::Address to, std::string_view link,
                               std::chrono::seconds valid_for) {
  std::string greeting = to.name.empty() ? "Hello," : fmt::format("Hello {},", to.name);
  std::string body = fmt::format(
      "{}\n\n"
      "someone asked to reset the password of the Classroom account of this address. To "
      "choose a new password, open this link:\n\n"
      "{}\n\n"
      "The link works once and for {}. Setting a new password signs the account out "
      "everywhere.\n\n"
      "If it was not you, ignore this e-mail: your password stays as it is.\n",
      greeting, link, duration_text(valid_for));
  return {std::move(to), "Reset your Classroom password", std::move(body)};
}

}  // namespace classroom::auth
