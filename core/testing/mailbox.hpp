#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

// Reading what an SMTP server started by Servers (aiosmtpd's Mailbox handler)
// received, decoded independently of core/mail, so that tests check the
// message a mail program would show.
namespace classroom::testing {

struct ReceivedMail {
  // Header names lower-cased; values unfolded, encoded-words decoded.
  std::map<std::string, std::string> headers;
  std::string body;  // quoted-printable decoded; line ends LF, as a Maildir keeps them
  std::string raw;

  std::string header(std::string_view lower_name) const;
};

// Every message in `maildir`/new, in no particular order.
std::vector<ReceivedMail> read_maildir(const std::string& maildir);

// RFC 2047 encoded-words (B and Q, UTF-8) decoded; whitespace between two
// adjacent words dropped, as RFC 2047 6.2 asks.
std::string decode_header_text(std::string_view text);
std::string decode_quoted_printable(std::string_view text);

}  // namespace classroom::testing
