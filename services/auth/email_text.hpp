#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/mail/message.hpp"

// The e-mails of one-time links, as plain functions: what they say, and
// where their links point (the web application's pages, the token in the
// fragment so that it never reaches a server's log).
namespace classroom::auth {

// `public_url` + `/verify-email#token=…`.
std::string verification_link(std::string_view public_url, std::string_view token);
// `public_url` + `/reset-password#token=…`.
std::string reset_link(std::string_view public_url, std::string_view token);

// Names the account (`to.name`, its display name) and when it was
// `registered`, so that the mailbox's owner confirms only their own account.
core::mail::Message verification_mail(core::mail::Address to, std::string_view link,
                                      std::chrono::seconds valid_for,
                                      std::chrono::system_clock::time_point registered);
core::mail::Message reset_mail(core::mail::Address to, std::string_view link,
                               std::chrono::seconds valid_for);

// "4 December 2026 at 21:33 UTC".
std::string time_text(std::chrono::system_clock::time_point t);
// "24 hours", "1 hour", "30 minutes", "90 seconds": the largest whole unit.
std::string duration_text(std::chrono::seconds duration);

}  // namespace classroom::auth
