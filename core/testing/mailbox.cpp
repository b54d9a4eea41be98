#include "core/testing/mailbox.hpp"

#include <algorithm>
#include <boost/beast/core/detail/base64.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace classroom::testing {
namespace {

std::string base64_decode(std::string_view text) {
  std::string out(boost::beast::detail::base64::decoded_size(text.size()), '\0');
  auto [written, read] = boost::beast::detail::base64::decode(out.data(), text.data(), text.size());
  out.resize(written);
  return out;
}

int hex_value(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::toupper(c) - 'A' + 10;
}

ReceivedMail parse(std::string raw) {
  ReceivedMail mail;
  auto end = raw.find("\n\n");
  std::size_t body_start = end == std::string::npos ? raw.size() : end + 2;
  if (auto crlf = raw.find("\r\n\r\n"); crlf != std::string::npos && crlf < end) {
    end = crlf;
    body_start = crlf + 4;
  }
  std::string head = raw.substr(0, end);
  std::string unfolded;
  for (std::size_t i = 0; i < head.size(); ++i) {
    const bool fold =
        head[i] == '\n' && i + 1 < head.size() && (head[i + 1] == ' ' || head[i + 1] == '\t');
    if (head[i] == '\r' || fold) {
      continue;
    }
    unfolded += head[i];
  }
  std::istringstream lines(unfolded);
  for (std::string line; std::getline(lines, line);) {
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      mail.headers[core::ascii_lower(line.substr(0, colon))] =
          decode_header_text(core::trim(line.substr(colon + 1)));
    }
  }
  mail.body = mail.header("content-transfer-encoding") == "quoted-printable"
                  ? decode_quoted_printable(std::string_view(raw).substr(body_start))
                  : raw.substr(body_start);
  mail.raw = std::move(raw);
  return mail;
}

}  // namespace

std::string ReceivedMail::header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string() : it->second;
}

std::vector<ReceivedMail> read_maildir(const std::string& maildir) {
  std::vector<ReceivedMail> mails;
  const auto folder = std::filesystem::path(maildir) / "new";
  if (!std::filesystem::exists(folder)) {
    return mails;
  }
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    mails.push_back(parse(buffer.str()));
  }
  return mails;
}

std::string decode_header_text(std::string_view text) {
  std::string out;
  bool after_word = false;
  while (!text.empty()) {
    const auto start = text.find("=?");
    const auto q1 = start == text.npos ? text.npos : text.find('?', start + 2);
    const auto q2 = q1 == text.npos ? text.npos : text.find('?', q1 + 1);
    const auto stop = q2 == text.npos ? text.npos : text.find("?=", q2 + 1);
    if (stop == text.npos) {
      out += text;
      break;
    }
    std::string_view between = text.substr(0, start);
    const bool only_space = core::trim(between).empty();
    if (!(after_word && only_space)) {
      out += between;
    }
    const char encoding = static_cast<char>(std::toupper(text[q1 + 1]));
    std::string_view payload = text.substr(q2 + 1, stop - q2 - 1);
    if (encoding == 'B') {
      out += base64_decode(payload);
    } else {
      std::string q(payload);
      std::replace(q.begin(), q.end(), '_', ' ');
      out += decode_quoted_printable(q);
    }
    after_word = true;
    text.remove_prefix(stop + 2);
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (i + 1 < text.size() && (text[i + 1] == '\r' || text[i + 1] == '\n')) {
      i += text[i + 1] == '\r' ? 2 : 1;  // a soft line break
    } else if (i + 2 < text.size()) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    }
  }
  return out;
}

}  // namespace classroom::testing
