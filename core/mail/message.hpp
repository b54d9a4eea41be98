#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

// An e-mail as RFC 5322 text: pure functions, no network (core/mail/smtp.hpp
// sends what compose() makes).
namespace classroom::core::mail {

struct Address {
  std::string email;  // local@domain
  std::string name;   // display name, any UTF-8; empty: none
};

struct Message {
  Address to;
  std::string subject;  // one line of UTF-8
  std::string body;     // UTF-8 text/plain; line ends LF or CRLF
};

// `Name <local@domain>` or a bare address. Throws Error(kInvalidArgument)
// when it is not one address that can stand in a header and an SMTP command
// (no spaces, control characters or angle brackets inside, one '@').
Address parse_address(std::string_view text);

// Throws Error(kInvalidArgument) unless `email` is such an address.
void check_address(std::string_view email);

// The message as sent: From, To, Subject (an RFC 2047 encoded-word when it is
// not plain ASCII), Date, Message-ID, MIME headers, then the body, every
// line ended by CRLF: as it is (7bit) when it is printable ASCII in lines of
// at most 998 characters, else in quoted-printable UTF-8. Dot-stuffing is the
// transport's business. Throws Error(kInvalidArgument) for an address that
// check_address() refuses or a subject with a line break.
std::string compose(const Message& message, const Address& from, Clock::time_point date,
                    std::string_view message_id);

// `<random@domain of from>`: unique per message, as RFC 5322 asks.
std::string new_message_id(const Address& from);

// Header text as it may stand in a header: itself when it is printable ASCII,
// else RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters and
// never splitting a character, joined by folding whitespace.
std::string encode_header_text(std::string_view text);

// `text` as a 7bit body (lines ended by CRLF), or nullopt when it holds
// anything but printable ASCII and tabs, or a line over 998 characters.
std::optional<std::string> seven_bit(std::string_view text);

// RFC 2045 quoted-printable of UTF-8 text, lines ended by CRLF, none longer
// than 76 characters.
std::string quoted_printable(std::string_view text);

// RFC 5322 date-time in UTC: `Tue, 24 Nov 2026 20:15:03 +0000`.
std::string format_date(Clock::time_point t);

}  // namespace classroom::core::mail
