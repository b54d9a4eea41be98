#include "core/mail/message.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"

namespace classroom::core::mail {
namespace {

constexpr std::size_t kMaxPlainHeaderText = 900;  // RFC 5322 lines stop at 998
constexpr std::size_t kEncodedWordBytes = 45;     // 60 base64 characters: a word of 72
constexpr std::size_t kQpLine = 76;

bool printable_ascii(char c) { return c >= 0x20 && c < 0x7f; }

std::string base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    std::uint32_t group = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) {
      group |= static_cast<unsigned char>(data[i + 1]) << 8;
    }
    if (i + 2 < data.size()) {
      group |= static_cast<unsigned char>(data[i + 2]);
    }
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < data.size() ? kAlphabet[group & 63] : '=';
  }
  return out;
}

// The longest prefix of at most `max` bytes that ends on a character boundary.
std::size_t utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) {
    return text.size();
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return end == 0 ? max : end;
}

// A display name as a quoted string or encoded-words (RFC 5322 3.2.4, RFC 2047 5(3)).
std::string display_name(std::string_view name) {
  if (!std::all_of(name.begin(), name.end(), printable_ascii) || name.find("=?") != name.npos) {
    return encode_header_text(name);
  }
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + '"';
}

std::string header_address(const Address& address) {
  check_address(address.email);
  if (address.name.empty()) {
    return address.email;
  }
  return display_name(address.name) + " <" + address.email + ">";
}

void quoted_printable_line(std::string_view line, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    // Trailing whitespace would be stripped in transit: encoded, it survives.
    const bool last = i + 1 == line.size();
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    std::string piece = literal ? std::string(1, static_cast<char>(c))
                                : std::string{'=', kHex[c >> 4], kHex[c & 15]};
    // A soft line break ("=" at the end) keeps every line within 76 characters.
    const std::size_t room = last ? kQpLine : kQpLine - 1;
    if (width + piece.size() > room) {
      out += "=\r\n";
      width = 0;
    }
    out += piece;
    width += piece.size();
  }
  out += "\r\n";
}

}  // namespace

void check_address(std::string_view email) {
  const auto at = email.find('@');
  const bool ok =
      email.size() <= 254 && at != email.npos && at > 0 && at + 1 < email.size() &&
      email.find('@', at + 1) == email.npos && std::all_of(email.begin(), email.end(), [](char c) {
        return printable_ascii(c) && c != ' ' && c != '<' && c != '>' && c != '"' && c != ',';
      });
  if (!ok) {
    throw Error(ErrorCode::kInvalidArgument, "not an e-mail address that can be sent to");
  }
}

Address parse_address(std::string_view text) {
  text = trim(text);
  const auto open = text.rfind('<');
  if (open == text.npos) {
    check_address(text);
    return Address{std::string(text), {}};
  }
  if (text.back() != '>') {
    throw Error(ErrorCode::kInvalidArgument, "not an address: expected `Name <local@domain>`");
  }
  std::string_view email = text.substr(open + 1, text.size() - open - 2);
  check_address(email);
  std::string_view name = trim(text.substr(0, open));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  return Address{std::string(email), std::string(name)};
}

std::string encode_header_text(std::string_view text) {
  const bool plain = text.size() <= kMaxPlainHeaderText &&
                     std::all_of(text.begin(), text.end(), printable_ascii) &&
                     text.find("=?") == text.npos;
  if (plain) {
    return std::string(text);
  }
  std::string out;
  while (!text.empty()) {
    const std::size_t n = utf8_prefix(text, kEncodedWordBytes);
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += "=?UTF-8?B?" + base64(text.substr(0, n)) + "?=";
    text.remove_prefix(n);
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    quoted_printable_line(line, out);
    text.remove_prefix(end == text.npos ? text.size() : end + 1);
  }
  return out;
}

std::optional<std::string> seven_bit(std::string_view text) {
  constexpr std::size_t kMaxLine = 998;  // RFC 5322 2.1.1, without the CRLF
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    bool plain = line.size() <= kMaxLine && std::all_of(line.begin(), line.end(), [](char c) {
                   return c == '\t' || (c >= 0x20 && c < 0x7f);
                 });
    if (!plain) {
      return std::nullopt;
    }
    out.append(line).append("\r\n");
    text.remove_prefix(end == text.npos ? text.size() : end + 1);
  }
  return out;
}

std::string format_date(Clock::time_point t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string new_message_id(const Address& from) {
  const auto at = from.email.rfind('@');
  const std::string domain = at == std::string::npos ? "localhost" : from.email.substr(at + 1);
  return "<" + new_uuid() + "@" + domain + ">";
}

std::string compose(const Message& message, const Address& from, Clock::time_point date,
                    std::string_view message_id) {
  if (message.subject.find_first_of("\r\n") != std::string::npos) {
    throw Error(ErrorCode::kInvalidArgument, "a subject is one line");
  }
  std::string out;
  out += "From: " + header_address(from) + "\r\n";
  out += "To: " + header_address(message.to) + "\r\n";
  out += "Subject: " + encode_header_text(message.subject) + "\r\n";
  out += "Date: " + format_date(date) + "\r\n";
  out += "Message-ID: " + std::string(message_id) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  // Plain ASCII goes as it is, so that a link reads (and copies) whole from
  // the raw message too; anything else as quoted-printable.
  if (auto plain = seven_bit(message.body)) {
    out += "Content-Transfer-Encoding: 7bit\r\n\r\n";
    out += *plain;
  } else {
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += quoted_printable(message.body);
  }
  return out;
}

}  // namespace classroom::core::mail
