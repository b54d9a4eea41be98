#include "core/mail/message.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/errors.hpp"

namespace classroom::core::mail {
namespace {

const Address kFrom{"classroom@example.org", "Classroom"};

Message message(std::string subject, std::string body) {
  return Message{Address{"ada@example.org", "Ada Lovelace"}, std::move(subject), std::move(body)};
}

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = text.find("\r\n"); end != std::string::npos; end = text.find("\r\n", start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  EXPECT_EQ(start, text.size()) << "the text does not end with CRLF";
  return lines;
}

TEST(MailCompose, HasTheHeadersOfAnRfc5322Message) {
  const auto t = Clock::from_time_t(1795551303);  // 2026-11-24T20:15:03Z
  const std::string text =
      compose(message("Grade returned", "Hello"), kFrom, t, "<id@example.org>");
  EXPECT_NE(text.find("From: \"Classroom\" <classroom@example.org>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: \"Ada Lovelace\" <ada@example.org>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: Grade returned\r\n"), std::string::npos);
  EXPECT_NE(text.find("Date: Tue, 24 Nov 2026 20:15:03 +0000\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <id@example.org>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nHello\r\n"), std::string::npos);
}

TEST(MailCompose, EveryLineEndsWithCrlfAndFitsTheLimits) {
  const std::string body = "first\nsecond\r\n" + std::string(300, 'x') + "\n.\n";
  const std::string text =
      compose(message(std::string(120, 's'), body), kFrom, Clock::now(), "<i@x>");
  EXPECT_EQ(text.find("\r\n") == std::string::npos, false);
  for (const auto& line : crlf_lines(text)) {
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_LE(line.size(), 998u);
  }
}

TEST(MailCompose, NonAsciiSubjectBecomesEncodedWordsThatNeverSplitACharacter) {
  const std::string subject =
      "Note rendue : « Éléments de géométrie » — 20/20 ✓ " + std::string(40, 'e');
  const std::string encoded = encode_header_text(subject);
  std::istringstream words(encoded);
  for (std::string word; words >> word;) {
    ASSERT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    EXPECT_LE(word.size(), 75u);
  }
  EXPECT_NE(encoded.find("\r\n "), std::string::npos) << "a long subject is folded";
  EXPECT_EQ(encode_header_text("Plain subject"), "Plain subject");
}

TEST(MailCompose, BodyIsQuotedPrintableWithin76Characters) {
  const std::string qp = quoted_printable("café = 1 \n" + std::string(200, 'a'));
  for (const auto& line : crlf_lines(qp)) {
    EXPECT_LE(line.size(), 76u) << line;
  }
  EXPECT_EQ(qp.substr(0, qp.find("\r\n")), "caf=C3=A9 =3D 1=20") << "trailing space survives";
}

TEST(MailCompose, PlainAsciiBodyGoesAsItIsSoALinkStaysWhole) {
  const std::string link = "http://127.0.0.1:8080/verify-email#token=" + std::string(43, 'A');
  const std::string sent =
      compose(message("Confirm", "Hello,\n\n" + link + "\n"), kFrom, Clock::now(), "<i@x>");
  EXPECT_NE(sent.find("Content-Transfer-Encoding: 7bit\r\n"), std::string::npos);
  EXPECT_NE(sent.find("\r\n\r\nHello,\r\n\r\n" + link + "\r\n"), std::string::npos) << sent;
  EXPECT_EQ(seven_bit("caf\xc3\xa9"), std::nullopt);
  EXPECT_EQ(seven_bit("bell\x07"), std::nullopt);
  EXPECT_EQ(seven_bit(std::string(999, 'a')), std::nullopt);
  EXPECT_EQ(seven_bit("a\r\nb"), "a\r\nb\r\n");
  const std::string accented = compose(message("Hi", "Café"), kFrom, Clock::now(), "<i@x>");
  EXPECT_NE(accented.find("quoted-printable"), std::string::npos);
}

TEST(MailCompose, HeaderInjectionIsRefused) {
  EXPECT_THROW(compose(message("Hi\r\nBcc: eve@example.org", "x"), kFrom, Clock::now(), "<i@x>"),
               Error);
  Message bad = message("Hi", "x");
  bad.to.email = "ada@example.org>\r\nBcc: eve@example.org";
  EXPECT_THROW(compose(bad, kFrom, Clock::now(), "<i@x>"), Error);
}

TEST(MailAddress, ParsesANamedOrABareAddress) {
  auto named = parse_address("Classroom <no-reply@example.org>");
  EXPECT_EQ(named.email, "no-reply@example.org");
  EXPECT_EQ(named.name, "Classroom");
  auto quoted = parse_address("\"Classroom, dev\" <dev@localhost>");
  EXPECT_EQ(quoted.name, "Classroom, dev");
  auto bare = parse_address(" no-reply@example.org ");
  EXPECT_EQ(bare.email, "no-reply@example.org");
  EXPECT_TRUE(bare.name.empty());
  for (const char* bad : {"", "nobody", "a b@example.org", "Name <a@b", "<@example.org>"}) {
    EXPECT_THROW(parse_address(bad), Error) << bad;
  }
}

TEST(MailAddress, MessageIdsAreUniqueAndNameTheSendersDomain) {
  const auto a = new_message_id(kFrom);
  EXPECT_NE(a, new_message_id(kFrom));
  EXPECT_EQ(a.front(), '<');
  EXPECT_NE(a.find("@example.org>"), std::string::npos);
}

}  // namespace
}  // namespace classroom::core::mail
