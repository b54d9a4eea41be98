#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/mail/message.hpp"

// The e-mails notify sends, as plain functions of their items: one item
// (immediate) or several (the daily digest).
namespace classroom::notify::mail {

// What a mail tells of one inbox item.
struct MailItem {
  std::string title;
  std::string body;
  std::string link;  // a path of the web application
};

// Every link is absolute: `public_url` (no trailing slash) then the path.
core::mail::Message immediate_mail(const MailItem& item, core::mail::Address to,
                                   std::string_view public_url);
// To an address without an account (an invitation): no preferences to change.
core::mail::Message invitation_mail(const MailItem& item, core::mail::Address to,
                                    std::string_view public_url);
// One message with every item, oldest first.
core::mail::Message digest_mail(const std::vector<MailItem>& items, core::mail::Address to,
                                std::string_view public_url);

}  // namespace classroom::notify::mail
