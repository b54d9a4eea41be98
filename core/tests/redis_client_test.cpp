#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <functional>
#include <numeric>

#include "core/errors.hpp"
#include "core/redis/redis.hpp"
#include "core/testing/run.hpp"
#include "core/testing/servers.hpp"

namespace classroom::core::redis {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::Servers;

using testing::run;

Settings settings() { return Settings{.url = Servers::get().redis_url()}; }

std::string url_with(std::string_view userinfo, int db) {
  return fmt::format("redis://{}@127.0.0.1:{}/{}", userinfo, Servers::get().redis_port(), db);
}

// The Error a call ends with, or nullopt when it succeeds.
asio::awaitable<std::optional<Error>> error_of(asio::awaitable<Reply> call) {
  try {
    co_await std::move(call);
  } catch (const Error& error) {
    co_return error;
  }
  co_return std::nullopt;
}

void expect_unavailable(const std::optional<Error>& error) {
  ASSERT_TRUE(error) << "expected Error(kUnavailable)";
  EXPECT_EQ(error->code(), ErrorCode::kUnavailable) << error->what();
  EXPECT_EQ(error->retry_after(), std::chrono::seconds(1));
  EXPECT_TRUE(std::string_view(error->what()).starts_with("redis unavailable: ")) << error->what();
}

TEST(RedisClient, SetGetAndIncrReturnTypedReplies) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:typed:name", "test:typed:count");

    Reply set = co_await redis("SET", "test:typed:name", "Ada");
    EXPECT_EQ(set.type(), Reply::Type::kStatus);
    EXPECT_EQ(set.str(), "OK");

    Reply get = co_await redis("GET", "test:typed:name");
    EXPECT_EQ(get.type(), Reply::Type::kString);
    EXPECT_EQ(get.as_optional_string(), "Ada");

    Reply first = co_await redis("INCR", "test:typed:count");
    EXPECT_EQ(first.type(), Reply::Type::kInteger);
    EXPECT_EQ(first.integer(), 1);
    EXPECT_EQ((co_await redis("INCRBY", "test:typed:count", 41)).integer(), 42);
  });
}

TEST(RedisClient, HgetallReadsAsAMap) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:hash");
    Reply added = co_await redis("HSET", "test:hash", "name", "Ada", "age", 36);
    EXPECT_EQ(added.integer(), 2);

    auto fields = (co_await redis("HGETALL", "test:hash")).as_map();
    EXPECT_EQ(fields.size(), 2U);
    EXPECT_EQ(fields["name"], "Ada");
    EXPECT_EQ(fields["age"], "36");
  });
}

TEST(RedisClient, MissingKeyIsNil) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:missing");
    Reply reply = co_await redis("GET", "test:missing");
    EXPECT_TRUE(reply.is_nil());
    EXPECT_EQ(reply.as_optional_string(), std::nullopt);
    EXPECT_TRUE((co_await redis("HGETALL", "test:missing")).as_map().empty());
  });
}

TEST(RedisClient, ErrorReplyThrowsAndTheConnectionKeepsWorking) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("SET", "test:text", "not a number");
    std::string prefix;
    try {
      co_await redis("LPUSH", "test:text", "x");
    } catch (const ReplyError& error) {
      prefix = error.prefix();
    }
    EXPECT_EQ(prefix, "WRONGTYPE");
    EXPECT_THROW(co_await redis("INCR", "test:text"), ReplyError);
    EXPECT_EQ((co_await redis("GET", "test:text")).str(), "not a number");
  });
}

TEST(RedisClient, ConcurrentCallersEachGetTheReplyToTheirOwnCommand) {
  constexpr int kCallers = 200;
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:counter");

    // All callers are in flight at once on the one connection; each records
    // the value its own INCR produced.
    std::vector<std::int64_t> seen(kCallers, 0);
    int running = kCallers;
    int failed = 0;
    asio::steady_timer all_done(ioc, std::chrono::steady_clock::time_point::max());
    for (int caller = 0; caller < kCallers; ++caller) {
      asio::co_spawn(
          ioc,
          [&, caller]() -> asio::awaitable<void> {
            seen[caller] = (co_await redis("INCR", "test:counter")).integer();
          },
          [&](std::exception_ptr error) {
            failed += error ? 1 : 0;
            if (--running == 0) {
              all_done.cancel();
            }
          });
    }
    co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));

    EXPECT_EQ(failed, 0);
    EXPECT_EQ((co_await redis("GET", "test:counter")).str(), std::to_string(kCallers));
    // Commands go out in call order and replies are matched in that order,
    // so the n-th caller's INCR is the n-th one Redis ran.
    std::vector<std::int64_t> expected(kCallers);
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(seen, expected);
  });
}

TEST(RedisClient, PipelineReturnsRepliesInOrderIncludingErrors) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    auto batch = redis.pipeline({{"SET", "test:pipelined", "v"},
                                 {"INCR", "test:pipelined"},
                                 {"GET", "test:pipelined"},
                                 {"PING"}});
    auto replies = co_await std::move(batch);
    EXPECT_EQ(replies.size(), 4U);
    if (replies.size() == 4) {
      EXPECT_EQ(replies[0], Reply::make_status("OK"));
      EXPECT_TRUE(replies[1].is_error());
      EXPECT_TRUE(replies[1].str().starts_with("ERR")) << replies[1].str();
      EXPECT_EQ(replies[2], Reply::make_string("v"));
      EXPECT_EQ(replies[3], Reply::make_status("PONG"));
    }
    std::vector<std::vector<std::string>> none;
    auto nothing = redis.pipeline(std::move(none));
    EXPECT_TRUE((co_await std::move(nothing)).empty());
  });
}

TEST(RedisClient, StreamEntriesAreReadBackInOrderWithXrange) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:events");
    std::string first =
        (co_await redis("XADD", "test:events", "*", "type", "course.created", "id", "1")).str();
    std::string second =
        (co_await redis("XADD", "test:events", "*", "type", "course.renamed", "id", "2")).str();
    EXPECT_LT(first, second);

    auto entries = (co_await redis("XRANGE", "test:events", "-", "+")).elements();
    EXPECT_EQ(entries.size(), 2U);
    if (entries.size() == 2) {
      EXPECT_EQ(entries[0].elements()[0].str(), first);
      using Pairs = std::vector<std::pair<std::string, std::string>>;
      EXPECT_EQ(entries[0].elements()[1].as_pairs(),
                (Pairs{{"type", "course.created"}, {"id", "1"}}));
      EXPECT_EQ(entries[1].elements()[1].as_map().at("type"), "course.renamed");
    }
  });
}

TEST(RedisClient, BlockingGroupReadOnADedicatedClientGetsTheNextEntry) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    Client redis(ioc, settings());
    Client blocking(ioc, settings());
    co_await redis("DEL", "test:group-stream");
    co_await redis("XGROUP", "CREATE", "test:group-stream", "notify", "$", "MKSTREAM");

    // The read blocks for up to 5 s, so it gets a longer timeout than that.
    auto read = blocking.command({"XREADGROUP", "GROUP", "notify", "worker-1", "COUNT", "10",
                                  "BLOCK", "5000", "STREAMS", "test:group-stream", ">"},
                                 10s);
    auto add = redis("XADD", "test:group-stream", "*", "type", "exam.result_released");
    auto [delivered, id] = co_await (std::move(read) && std::move(add));

    // [[stream, [[id, [field, value…]]]]]
    const auto& entry = delivered.elements().at(0).elements().at(1).elements().at(0);
    EXPECT_EQ(entry.elements().at(0).str(), id.str());
    EXPECT_EQ(entry.elements().at(1).as_map().at("type"), "exam.result_released");
    EXPECT_EQ((co_await redis("XACK", "test:group-stream", "notify", id.str())).integer(), 1);
  });
}

TEST(RedisClient, AuthenticatesAndSelectsTheDatabaseFromTheUrl) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client admin(ioc, settings());
    co_await admin("ACL", "SETUSER", "test-user", "on", ">s3cret", "~*", "&*", "+@all");
    co_await admin("DEL", "test:in-db-3");

    Client user(ioc, Settings{.url = url_with("test-user:s3cret", 3)});
    EXPECT_EQ((co_await user("ACL", "WHOAMI")).str(), "test-user");
    co_await user("SET", "test:in-db-3", "here");

    EXPECT_TRUE((co_await admin("GET", "test:in-db-3")).is_nil()) << "db 0 must not see it";
    Client db3(ioc, Settings{.url = url_with("test-user:s3cret", 3)});
    EXPECT_EQ((co_await db3("GET", "test:in-db-3")).str(), "here");
    co_await db3("DEL", "test:in-db-3");
  });
}

TEST(RedisClient, WrongPasswordIsUnavailableAndTheErrorDoesNotShowIt) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client admin(ioc, settings());
    co_await admin("ACL", "SETUSER", "test-user", "on", ">s3cret", "~*", "&*", "+@all");

    Client intruder(ioc, Settings{.url = url_with("test-user:guess-42", 0)});
    auto error = co_await error_of(intruder("PING"));
    expect_unavailable(error);
    if (error) {
      EXPECT_EQ(std::string_view(error->what()).find("guess-42"), std::string_view::npos);
    }
    EXPECT_FALSE(co_await intruder.ping());
  });
}

TEST(RedisClient, CommandTimeoutIsUnavailableAndTheClientRecovers) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, Settings{.url = Servers::get().redis_url(), .command_timeout = 300ms});
    co_await redis("DEL", "test:never-filled");

    const auto started = std::chrono::steady_clock::now();
    expect_unavailable(co_await error_of(redis("BLPOP", "test:never-filled", 5)));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

    EXPECT_TRUE(co_await redis.ping());
    co_await redis("SET", "test:after-timeout", "ok");
    EXPECT_EQ((co_await redis("GET", "test:after-timeout")).str(), "ok");
  });
}

TEST(RedisClient, ServerThatNeverAnswersTimesOutWhileConnecting) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    // The kernel completes the TCP handshake on a listening socket, but
    // nobody answers the SELECT sent on connecting.
    asio::ip::tcp::acceptor silent(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    Client redis(
        ioc, Settings{.url = fmt::format("redis://127.0.0.1:{}/1", silent.local_endpoint().port()),
                      .connect_timeout = 200ms});

    const auto started = std::chrono::steady_clock::now();
    auto error = co_await error_of(redis("PING"));
    expect_unavailable(error);
    if (error) {
      EXPECT_NE(std::string_view(error->what()).find("timed out"), std::string_view::npos)
          << error->what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  });
}

TEST(RedisClient, ClosingEndsCommandsInFlight) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    Client redis(ioc, settings());
    EXPECT_TRUE(co_await redis.ping());

    auto blocked = error_of(redis.command({"BLPOP", "test:never-filled", "5"}, 10s));
    auto close = [&]() -> asio::awaitable<void> {
      redis.close();
      co_return;
    };
    const auto started = std::chrono::steady_clock::now();
    auto error = co_await (std::move(blocked) && close());
    expect_unavailable(error);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_TRUE(co_await redis.ping()) << "a command after close() connects again";
  });
}

TEST(RedisClient, ACommandAfterCloseLeavesNoConnectionBehind) {
  // What a task finishing during a drain does: the io_context must still run
  // dry, or the drain waits for its deadline.
  asio::io_context ioc;
  Client redis(ioc, settings());
  auto work = [&]() -> asio::awaitable<void> {
    EXPECT_TRUE(co_await redis.ping());
    redis.close();
    co_await redis("SET", "test:after-close", "written");
    EXPECT_EQ((co_await redis("GET", "test:after-close")).as_optional_string(), "written");
  };
  testing::run_until_idle(ioc, work());
}

TEST(RedisClient, CommandsWhileRedisIsDownAreUnavailableAndSucceedAfterItRestarts) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("SET", "test:survives-restart", "kept");
    {
      testing::Outage outage("redis");
      // The first command may meet the old connection, the second a refused
      // one: both are unavailable.
      expect_unavailable(co_await error_of(redis("GET", "test:survives-restart")));
      expect_unavailable(co_await error_of(redis("GET", "test:survives-restart")));
      EXPECT_FALSE(co_await redis.ping());
    }
    EXPECT_EQ((co_await redis("GET", "test:survives-restart")).as_optional_string(), "kept");
    EXPECT_TRUE(co_await redis.ping());
  });
}

// Appends ARGV[1] to the list KEYS[1] and returns the list's length.
const Script kAppend{"redis.call('RPUSH', KEYS[1], ARGV[1]) return redis.call('LLEN', KEYS[1])"};

// How many times Redis ran `command` since the last CONFIG RESETSTAT, from INFO commandstats.
asio::awaitable<std::int64_t> calls_of(Client& redis, std::string_view command) {
  std::string info = (co_await redis("INFO", "commandstats")).str();
  std::string field = fmt::format("cmdstat_{}:calls=", command);
  auto at = info.find(field);
  if (at == std::string::npos) {
    co_return 0;
  }
  co_return std::stoll(info.substr(at + field.size()));
}

std::vector<std::string> args_of(std::string value) { return {std::move(value)}; }

TEST(RedisClient, ScriptsGoByTheirSha1AndAgainWithTheirTextWhenRedisForgotThem) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:script");
    co_await redis("SCRIPT", "FLUSH");
    co_await redis("CONFIG", "RESETSTAT");

    EXPECT_EQ((co_await redis.eval(kAppend, args_of("test:script"), args_of("a"))).integer(), 1);
    EXPECT_EQ((co_await redis.eval(kAppend, args_of("test:script"), args_of("b"))).integer(), 2);
    EXPECT_EQ((co_await redis.eval(kAppend, args_of("test:script"), args_of("c"))).integer(), 3);
    // The text went once; the other calls named the script by its SHA1.
    EXPECT_EQ(co_await calls_of(redis, "eval"), 1);
    EXPECT_EQ(co_await calls_of(redis, "evalsha"), 2);
    auto exists = co_await redis("SCRIPT", "EXISTS", kAppend.sha1());
    EXPECT_EQ(exists.elements().at(0).integer(), 1);

    co_await redis("SCRIPT", "FLUSH");
    EXPECT_EQ((co_await redis.eval(kAppend, args_of("test:script"), args_of("d"))).integer(), 4);
    EXPECT_EQ(co_await calls_of(redis, "eval"), 2);
    auto list = co_await redis("LRANGE", "test:script", 0, -1);
    EXPECT_EQ(list.elements().size(), 4U);
  });
}

TEST(RedisClient, AScriptThatFailsThrowsItsError) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    const Script failing{"return redis.error_reply('WRONG the script says no')"};
    std::string prefix;
    for (int call = 0; call < 2; ++call) {  // by its text, then by its SHA1
      try {
        std::vector<std::string> none;
        co_await redis.eval(failing, none, none);
      } catch (const ReplyError& error) {
        prefix = error.prefix();
      }
      EXPECT_EQ(prefix, "WRONG");
      prefix.clear();
    }
  });
}

TEST(RedisClient, PipelinedScriptsThatRedisForgotRunAgainInTheirOrderAfterTheRest) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:pipelined-script");
    co_await redis.eval(kAppend, args_of("test:pipelined-script"), args_of("first"));
    co_await redis("SCRIPT", "FLUSH");
    co_await redis("CONFIG", "RESETSTAT");

    std::vector<Command> batch;
    batch.emplace_back(std::vector<std::string>{"RPUSH", "test:pipelined-script", "plain-1"});
    batch.emplace_back(kAppend, args_of("test:pipelined-script"), args_of("script-1"));
    batch.emplace_back(std::vector<std::string>{"RPUSH", "test:pipelined-script", "plain-2"});
    batch.emplace_back(kAppend, args_of("test:pipelined-script"), args_of("script-2"));
    batch.emplace_back(std::vector<std::string>{"INCR", "test:pipelined-script"});
    auto replies = co_await redis.pipeline(std::move(batch));

    EXPECT_EQ(co_await calls_of(redis, "evalsha"), 2);  // both answered NOSCRIPT
    EXPECT_EQ(co_await calls_of(redis, "eval"), 2);
    EXPECT_EQ(replies.size(), 5U);
    if (replies.size() == 5) {
      EXPECT_EQ(replies[0].integer(), 2);
      EXPECT_EQ(replies[1].integer(), 4);
      EXPECT_EQ(replies[2].integer(), 3);
      EXPECT_EQ(replies[3].integer(), 5);
      EXPECT_TRUE(replies[4].is_error());  // an error of its own is left alone
      EXPECT_TRUE(replies[4].str().starts_with("WRONGTYPE")) << replies[4].str();
    }
    std::vector<std::string> order;
    auto list = co_await redis("LRANGE", "test:pipelined-script", 0, -1);
    for (const auto& item : list.elements()) {
      order.push_back(item.str());
    }
    const std::vector<std::string> expected = {"first", "plain-1", "plain-2", "script-1",
                                               "script-2"};
    EXPECT_EQ(order, expected);
  });
}

TEST(RedisClient, AScriptRunsAfterRedisRestartedWithoutIt) {
  run([](asio::io_context& ioc) -> asio::awaitable<void> {
    Client redis(ioc, settings());
    co_await redis("DEL", "test:script-restart");
    co_await redis.eval(kAppend, args_of("test:script-restart"), args_of("before"));
    testing::Outage("redis").end();
    // The old connection may be the first to hear of the restart: it fails once.
    co_await redis.ping();
    co_await redis("CONFIG", "RESETSTAT");
    auto reply = co_await redis.eval(kAppend, args_of("test:script-restart"), args_of("after"));
    EXPECT_GE(reply.integer(), 1);
    auto last = co_await redis("LINDEX", "test:script-restart", -1);
    EXPECT_EQ(last.as_optional_string(), "after");
    // A new connection sends the text first: no NOSCRIPT round trip.
    EXPECT_EQ(co_await calls_of(redis, "evalsha"), 0);
  });
}

}  // namespace
}  // namespace classroom::core::redis
