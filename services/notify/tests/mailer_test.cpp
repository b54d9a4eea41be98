// notify's e-mail against a real Redis and a real SMTP server: jobs leave
// the queue only once sent, a stopped sender's job is sent once by another,
// an unavailable server loses nothing, and digests go once per period.
#include "services/notify/mail/mailer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/http/client.hpp"
#include "core/ids.hpp"
#include "core/mail/smtp.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/mailbox.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"
#include "core/tests/http_test_support.hpp"
#include "services/notify/mail/mail_store.hpp"
#include "services/notify/people.hpp"
#include "services/notify/stores/keys.hpp"

namespace classroom::notify::mail {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::Servers;

const MailerSettings kSettings{.public_url = "https://classroom.example.org",
                               .digest_every = 24h,
                               .digest_at = 7h,
                               .lease = 60s};

std::string job(const std::string& user, const std::string& title) {
  return json::serialize(json::object{
      {"userId", user},
      {"email", nullptr},
      {"item", json::object{{"title", title}, {"body", "b"}, {"link", "/courses/c"}}}});
}

// The subjects of the messages received for `address`, sorted.
std::vector<std::string> subjects_for(const std::string& address) {
  std::vector<std::string> subjects;
  for (const auto& mail : testing::read_maildir(Servers::get().maildir())) {
    if (mail.header("x-rcptto") == address) {
      subjects.push_back(mail.header("subject"));
    }
  }
  std::sort(subjects.begin(), subjects.end());
  return subjects;
}

class MailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    smtp_settings_.url = Servers::get().smtp_url();
    run([](core::redis::Client& redis) -> asio::awaitable<void> {
      co_await redis("DEL", keys::kMailUsers, keys::kDigestUsers);
    });
  }

  // A user notify knows, with a new address; returns the address.
  std::string known_user(const std::string& user) {
    std::string address = "u-" + core::new_uuid() + "@example.org";
    run([&](core::redis::Client& redis) -> asio::awaitable<void> {
      co_await redis("HSET", keys::of(user, "user"), "email", address, "displayName", "Ada");
    });
    return address;
  }

  // Queues `jobs` as deliveries do: the user's list, then the set.
  void queue_mail(const std::string& user, const std::vector<std::string>& jobs) {
    run([&](core::redis::Client& redis) -> asio::awaitable<void> {
      for (const auto& j : jobs) {
        co_await redis("RPUSH", keys::of(user, "mail"), j);
      }
      co_await redis("SADD", keys::kMailUsers, user);
    });
  }

  bool waits_for_mail(const std::string& user) {
    bool member = false;
    run([&](core::redis::Client& redis) -> asio::awaitable<void> {
      member = (co_await redis("SISMEMBER", keys::kMailUsers, user)).integer() == 1;
    });
    return member;
  }

  void run(const std::function<asio::awaitable<void>(core::redis::Client&)>& body) {
    testing::run(io_, [&]() -> asio::awaitable<void> { co_await body(redis_); }());
  }

  // Runs `body` with a Mailer, as one notify instance would.
  void with_mailer(const std::function<asio::awaitable<void>(Mailer&)>& body) {
    core::mail::Client smtp(smtp_settings_);
    // api is asked only for users notify does not know; here it cannot be reached.
    core::http::Client api(io_, core::http::ClientSettings{.base_url = api_.url()});
    People people(redis_, api);
    Mailer mailer(redis_, smtp, people, kSettings);
    testing::run(io_, [&]() -> asio::awaitable<void> { co_await body(mailer); }());
  }

  asio::io_context io_;
  core::redis::Client redis_{io_, core::redis::Settings{.url = Servers::get().redis_url()}};
  core::mail::Settings smtp_settings_;
  core::http::tests::Refusing api_;
};

TEST_F(MailerTest, QueuedJobsAreSentOnceAndLeaveTheQueue) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  queue_mail(user, {job(user, "one"), job(user, "two")});
  with_mailer([](Mailer& m) { return m.send_queued(); });
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_EQ(subjects_for(address), (std::vector<std::string>{"one", "two"}));
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    auto queued = co_await redis("LLEN", keys::of(user, "mail"));
    auto sending = co_await redis("ZCARD", keys::of(user, "mail:sending"));
    EXPECT_EQ(queued.integer() + sending.integer(), 0);
  });
  EXPECT_FALSE(waits_for_mail(user));
}

TEST_F(MailerTest, AJobOfAStoppedSenderIsSentByAnotherOnceItsLeaseEnds) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  const std::string taken = job(user, "taken by a sender that stopped");
  const std::string leased = job(user, "leased by a sender at work");
  queue_mail(user, {leased, taken});
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    // One sender still works on its job; another took the next and died (its
    // lease has run out: none at all, so that no wait is needed).
    co_await mail_store::claim(redis, user, 60s);
    co_await mail_store::claim(redis, user, 0ms);
  });
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_EQ(subjects_for(address), (std::vector<std::string>{"taken by a sender that stopped"}));
}

TEST_F(MailerTest, AUserLeavesTheSetOfMailWaitingOnlyOnceTheirJobIsSent) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  const std::string leased = job(user, "leased by a sender at work");
  queue_mail(user, {leased});
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    co_await mail_store::claim(redis, user, 60s);
  });
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_TRUE(waits_for_mail(user));  // its sender may still stop: another must find it
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    co_await mail_store::done(redis, user, leased);
  });
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_FALSE(waits_for_mail(user));
  queue_mail(user, {job(user, "later")});
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_EQ(subjects_for(address), (std::vector<std::string>{"later"}));
}

TEST_F(MailerTest, UnavailableServerKeepsTheJobUntilItIsBack) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  queue_mail(user, {job(user, "kept")});
  {
    testing::Outage outage("mail");
    try {
      with_mailer([](Mailer& m) { return m.send_queued(); });
      ADD_FAILURE() << "no error while the mail server is down";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable);
    }
  }
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_EQ(subjects_for(address), (std::vector<std::string>{"kept"}));
}

TEST_F(MailerTest, AJobForSomeoneNotifyNeverHeardOfWaitsWhileApiCannotSayWhoTheyAre) {
  const std::string stranger = core::new_uuid();
  queue_mail(stranger, {job(stranger, "for someone registered long ago")});
  try {
    with_mailer([](Mailer& m) { return m.send_queued(); });
    ADD_FAILURE() << "no error while api cannot be asked for the address";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable);
  }
  // Not dropped: the job is still the stranger's, to be sent once api answers.
  EXPECT_TRUE(waits_for_mail(stranger));
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    auto queued = co_await redis("LLEN", keys::of(stranger, "mail"));
    EXPECT_EQ(queued.integer(), 1);
  });
}

TEST_F(MailerTest, AJobThatCanNeverBeSentIsDroppedAndTheNextGoes) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  const std::string bad = json::serialize(
      json::object{{"userId", nullptr},
                   {"email", "not an address"},
                   {"item", json::object{{"title", "never"}, {"body", ""}, {"link", "/"}}}});
  queue_mail(user, {bad, "not json", job(user, "after")});
  with_mailer([](Mailer& m) { return m.send_queued(); });
  EXPECT_EQ(subjects_for(address), (std::vector<std::string>{"after"}));
}

TEST_F(MailerTest, DigestGoesOncePerPeriodAcrossInstances) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  auto queue_digest_item = [&](std::string title) {
    run([&](core::redis::Client& redis) -> asio::awaitable<void> {
      co_await redis("RPUSH", keys::of(user, "digest"), job(user, title));
      co_await redis("SADD", keys::kDigestUsers, user);
    });
  };
  const auto day = std::chrono::system_clock::from_time_t(1795564800);  // 2026-11-25 00:00 UTC
  auto digests_at = [&](std::chrono::system_clock::time_point now) {
    with_mailer([now](Mailer& m) { return m.send_digests(now); });
  };
  queue_digest_item("first");
  queue_digest_item("second");
  digests_at(day + 8h);  // first seen: the user's first digest is the next period's
  EXPECT_TRUE(subjects_for(address).empty());
  digests_at(day + 24h + 6h);  // not yet 07:00
  EXPECT_TRUE(subjects_for(address).empty());
  digests_at(day + 24h + 7h);
  digests_at(day + 24h + 9h);  // another instance, the same period
  EXPECT_EQ(subjects_for(address),
            (std::vector<std::string>{"Your Classroom digest: 2 new notifications"}));
  queue_digest_item("third");
  digests_at(day + 24h + 10h);
  digests_at(day + 48h + 7h);
  EXPECT_EQ(subjects_for(address).size(), 2u);
}

const auto kDigestTime = std::chrono::system_clock::from_time_t(1795564800) + 31h;

// A user whose digest of kDigestTime's period is due, with `titles` waiting.
asio::awaitable<void> make_due(core::redis::Client& redis, const std::string& user,
                               std::vector<std::string> titles) {
  const auto period = digest_period(kDigestTime, kSettings);
  co_await redis("SET", keys::of(user, "digest:last"), period - 1);
  for (const auto& t : titles) {
    co_await redis("RPUSH", keys::of(user, "digest"), job(user, t));
  }
  co_await redis("SADD", keys::kDigestUsers, user);
}

TEST_F(MailerTest, ASenderWhoseLeaseRanOutCannotFinishOrReleaseAnothersDigest) {
  const std::string user = core::new_uuid();
  const auto period = digest_period(kDigestTime, kSettings);
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    std::vector<std::string> titles = {"one", "two"};  // named first (GCC 12)
    co_await make_due(redis, user, titles);
    auto late = co_await mail_store::claim_digest(redis, user, period, 60s);
    co_await redis("DEL", keys::of(user, "digest:lock"));  // its lease ran out
    co_await redis("RPUSH", keys::of(user, "digest"), job(user, "three"));
    auto current = co_await mail_store::claim_digest(redis, user, period, 60s);
    EXPECT_TRUE(late && current);
    if (!late || !current) {
      co_return;
    }
    EXPECT_EQ(current->jobs.size(), 3u);
    co_await redis("RPUSH", keys::of(user, "digest"), job(user, "four"));
    co_await mail_store::finish_digest(redis, user, period, *late);
    co_await mail_store::release_digest(redis, user, *late);
    auto lock = co_await redis("GET", keys::of(user, "digest:lock"));
    EXPECT_EQ(lock.as_optional_string(), current->token);
    EXPECT_EQ((co_await redis("LLEN", keys::of(user, "digest"))).integer(), 4);
    co_await mail_store::finish_digest(redis, user, period, *current);
    auto left = co_await redis("LRANGE", keys::of(user, "digest"), 0, -1);
    EXPECT_EQ(left.elements().size(), 1u);
    for (const auto& j : left.elements()) {
      EXPECT_EQ(json::parse(j.str()).at("item").at("title"), "four");
    }
    auto last = co_await redis("GET", keys::of(user, "digest:last"));
    EXPECT_EQ(last.as_optional_string(), std::to_string(period));
    EXPECT_EQ((co_await redis("EXISTS", keys::of(user, "digest:lock"))).integer(), 0);
  });
}

TEST_F(MailerTest, AUserWhoseDigestFailsDoesNotHoldUpTheOthers) {
  const std::string user = core::new_uuid();
  const auto address = known_user(user);
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    // Users whose digest cannot be read (another type of key): every claim fails.
    for (int i = 0; i < 4; ++i) {
      const std::string broken = core::new_uuid();
      co_await make_due(redis, broken, std::vector<std::string>());
      co_await redis("SET", keys::of(broken, "digest"), "not a list");
    }
    std::vector<std::string> titles = {"news"};  // named first (GCC 12)
    co_await make_due(redis, user, titles);
  });
  with_mailer([](Mailer& m) { return m.send_digests(kDigestTime); });
  EXPECT_EQ(subjects_for(address),
            (std::vector<std::string>{"Your Classroom digest: 1 new notification"}));
}

TEST_F(MailerTest, AnUnavailableServerLeavesEveryDigestDueAndIsReportedOnce) {
  const std::string ada = core::new_uuid(), bob = core::new_uuid();
  const auto ada_address = known_user(ada), bob_address = known_user(bob);
  run([&](core::redis::Client& redis) -> asio::awaitable<void> {
    std::vector<std::string> a = {"a"}, b = {"b"};  // named first (GCC 12)
    co_await make_due(redis, ada, a);
    co_await make_due(redis, bob, b);
  });
  {
    testing::Outage outage("mail");
    try {
      with_mailer([](Mailer& m) { return m.send_digests(kDigestTime); });
      ADD_FAILURE() << "no error while the mail server is down";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable);
    }
  }
  with_mailer([](Mailer& m) { return m.send_digests(kDigestTime); });
  for (const auto& address : {ada_address, bob_address}) {
    EXPECT_EQ(subjects_for(address),
              (std::vector<std::string>{"Your Classroom digest: 1 new notification"}));
  }
}

TEST(DigestPeriod, StartsAtTheConfiguredTimeOfDay) {
  const auto day = std::chrono::system_clock::from_time_t(1795564800);
  EXPECT_EQ(digest_period(day + 7h, kSettings), digest_period(day + 30h, kSettings));
  EXPECT_EQ(digest_period(day + 6h, kSettings) + 1, digest_period(day + 7h, kSettings));
  EXPECT_EQ(digest_period(day + 31h, kSettings), digest_period(day + 7h, kSettings) + 1);
}

}  // namespace
}  // namespace classroom::notify::mail
