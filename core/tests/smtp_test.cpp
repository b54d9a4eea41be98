#include "core/mail/smtp.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/testing/mailbox.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core::mail {
namespace {

namespace asio = boost::asio;
using testing::Servers;

Settings settings() {
  Settings s;
  s.url = Servers::get().smtp_url();
  s.from = Address{"classroom@example.org", "Classroom"};
  return s;
}

// The message received for `to` (addresses are unique per test).
std::optional<testing::ReceivedMail> received_by(const std::string& to) {
  for (auto& mail : testing::read_maildir(Servers::get().maildir())) {
    if (mail.header("x-rcptto") == to) {
      return mail;
    }
  }
  return std::nullopt;
}

std::string new_address() { return "student-" + new_uuid() + "@example.org"; }

ErrorCode send_error(Client& client, Message message) {
  try {
    testing::run([&](asio::io_context&) -> asio::awaitable<void> {
      co_await client.send(std::move(message));
    });
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "the message was sent";
  return ErrorCode::kInternal;
}

TEST(Smtp, SentMessageArrivesWithItsHeadersAndBody) {
  Client client(settings());
  const std::string to = new_address();
  const std::string body = "Your work was returned.\n.\nA line that is only a dot stays.\n";
  testing::run([&](asio::io_context&) -> asio::awaitable<void> {
    Message message{{to, "Ada"}, "Grade returned", body};
    co_await client.send(std::move(message));
  });
  auto mail = received_by(to);
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->header("from"), "\"Classroom\" <classroom@example.org>");
  EXPECT_EQ(mail->header("to"), "\"Ada\" <" + to + ">");
  EXPECT_EQ(mail->header("x-mailfrom"), "classroom@example.org");
  EXPECT_EQ(mail->header("subject"), "Grade returned");
  EXPECT_FALSE(mail->header("date").empty());
  EXPECT_FALSE(mail->header("message-id").empty());
  EXPECT_EQ(mail->body, body);
}

TEST(Smtp, NonAsciiSubjectAndBodySurvive) {
  Client client(settings());
  const std::string to = new_address();
  const std::string subject = "Note rendue : « Éléments de géométrie » ✓ — " + std::string(60, 'x');
  testing::run([&](asio::io_context&) -> asio::awaitable<void> {
    Message message{{to, "Zoë Ærø"}, subject, "Très bien, Zoë.\n"};
    co_await client.send(std::move(message));
  });
  auto mail = received_by(to);
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->header("subject"), subject);
  EXPECT_EQ(mail->header("to"), "Zoë Ærø <" + to + ">");
  EXPECT_EQ(mail->body, "Très bien, Zoë.\n");
}

TEST(Smtp, UnreachableServerIsUnavailable) {
  Settings s = settings();
  {
    // A port that nothing listens on: one this test just had and let go.
    asio::io_context io;
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    s.url = "smtp://127.0.0.1:" + std::to_string(probe.local_endpoint().port());
  }
  Client client(s);
  EXPECT_EQ(send_error(client, Message{{new_address(), ""}, "Hi", "x"}), ErrorCode::kUnavailable);
}

TEST(Smtp, StoppedServerIsUnavailableAndSendsAgainOnceBack) {
  Client client(settings());
  const std::string to = new_address();
  {
    testing::Outage outage("mail");
    EXPECT_EQ(send_error(client, Message{{to, ""}, "Hi", "x"}), ErrorCode::kUnavailable);
  }
  testing::run([&](asio::io_context&) -> asio::awaitable<void> {
    Message message{{to, ""}, "Hi", "x"};
    co_await client.send(std::move(message));
  });
  EXPECT_TRUE(received_by(to));
}

TEST(Smtp, PermanentRefusalIsDistinctFromUnavailable) {
  Client client(settings());
  // Larger than the SIZE the sink announces (tools/stack.py, 10 MiB): refused
  // with 552 before any data is sent.
  Message huge{{new_address(), ""}, "Too large", std::string(11 << 20, 'a')};
  EXPECT_EQ(send_error(client, std::move(huge)), ErrorCode::kInvalidArgument);
}

TEST(Smtp, AddressThatIsNotOneIsRefusedWithoutSending) {
  Client client(settings());
  EXPECT_EQ(send_error(client, Message{{"eve@example.org>\r\nRCPT TO:<x@y.z", ""}, "Hi", "x"}),
            ErrorCode::kInvalidArgument);
}

TEST(SmtpSettings, UrlWithUnknownSchemeIsRefused) {
  Settings s;
  s.url = "http://127.0.0.1:25";
  EXPECT_THROW(Client{s}, std::invalid_argument);
  s.url = "smtps://mail.example.org?starttls=required";
  EXPECT_THROW(Client{s}, std::invalid_argument);
}

}  // namespace
}  // namespace classroom::core::mail
