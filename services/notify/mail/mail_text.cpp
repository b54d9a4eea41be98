#include "services/notify/mail/mail_text.hpp"

#include <fmt/format.h>

namespace classroom::notify::mail {

namespace {

// Where a user changes which e-mails they get: the web application's page
// (web/src/notifications/Preferences.tsx), which edits notify's preferences.
// Not the API path, which a browser would open as JSON.
constexpr std::string_view kPreferencesPath = "/settings/notifications";

std::string item_text(const MailItem& item, std::string_view public_url) {
  std::string text = item.title + "\n";
  if (!item.body.empty()) {
    text += "\n" + item.body + "\n";
  }
  return text + fmt::format("\nOpen: {}{}\n", public_url, item.link);
}

std::string preferences_footer(std::string_view public_url) {
  return fmt::format(
      "\n-- \nYou get this e-mail because of your Classroom notification preferences.\n"
      "To change which e-mails you get, and when: {}{}\n",
      public_url, kPreferencesPath);
}

}  // namespace

core::mail::Message immediate_mail(const MailItem& item, core::mail::Address to,
                                   std::string_view public_url) {
  return {std::move(to), item.title, item_text(item, public_url) + preferences_footer(public_url)};
}

core::mail::Message invitation_mail(const MailItem& item, core::mail::Address to,
                                    std::string_view public_url) {
  return {std::move(to), item.title,
          item_text(item, public_url) +
              "\n-- \nYou get this e-mail because someone invited this address to Classroom.\n"};
}

core::mail::Message digest_mail(const std::vector<MailItem>& items, core::mail::Address to,
                                std::string_view public_url) {
  std::string subject =
      items.size() == 1 ? "Your Classroom digest: 1 new notification"
                        : fmt::format("Your Classroom digest: {} new notifications", items.size());
  std::string text;
  for (const auto& item : items) {
    text += (text.empty() ? "" : "\n") + std::string("* ") + item_text(item, public_url);
  }
  return {std::move(to), std::move(subject), text + preferences_footer(public_url)};
}

}  // namespace classroom::notify::mail
