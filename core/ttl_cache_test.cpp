#include "core/ttl_cache.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <string>

namespace classroom::core {
namespace {

using namespace std::chrono_literals;
using Cache = TtlCache<std::string, std::string>;
using Answer = Cache::Answer;

// What find() gives for a cached value.
std::optional<Answer> hit(std::string value) { return Answer(std::move(value)); }

// A clock that moves only when the test says so.
class ManualClock {
 public:
  Cache::Clock::time_point now() const { return now_; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  Cache::Clock::time_point now_{std::chrono::hours(1)};
};

TtlCacheSettings settings() {
  TtlCacheSettings s;
  s.capacity = 3;
  s.ttl = 5s;
  s.negative_ttl = 1s;
  s.stale_if_error = 30s;
  return s;
}

class TtlCacheTest : public ::testing::Test {
 protected:
  Cache make(TtlCacheSettings s = settings()) {
    return Cache(s, [this] { return clock_.now(); });
  }

  // Runs cache.get(key, fetch) to completion; fetch answers `answer`, or
  // throws `failure` when one is given, and counts its calls.
  Answer get(Cache& cache, const std::string& key, Answer answer,
             std::optional<ErrorCode> failure = std::nullopt) {
    auto fetch = [this, answer, failure]() -> boost::asio::awaitable<Answer> {
      ++fetches_;
      if (failure) {
        throw Error(*failure, "api unavailable: connection refused");
      }
      co_return answer;
    };
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(io, cache.get(key, fetch), boost::asio::use_future);
    io.run();
    return done.get();
  }

  ManualClock clock_;
  int fetches_ = 0;
};

TEST_F(TtlCacheTest, AnswerIsReusedUntilItsTtlPasses) {
  Cache cache = make();
  cache.put("course/user", "teacher");

  clock_.advance(4999ms);
  EXPECT_EQ(cache.find("course/user"), hit("teacher"));

  clock_.advance(1ms);
  EXPECT_EQ(cache.find("course/user"), std::nullopt);
}

TEST_F(TtlCacheTest, NoneIsCachedForTheShorterNegativeTtl) {
  Cache cache = make();
  cache.put("course/outsider", std::nullopt);

  auto cached = cache.find("course/outsider");
  ASSERT_TRUE(cached.has_value()) << "a 404 is an answer worth keeping";
  EXPECT_EQ(*cached, std::nullopt);

  clock_.advance(1s);
  EXPECT_EQ(cache.find("course/outsider"), std::nullopt);
}

TEST_F(TtlCacheTest, PutReplacesAnEarlierAnswerAndItsExpiry) {
  Cache cache = make();
  cache.put("course/user", "student");
  clock_.advance(4s);
  cache.put("course/user", "teacher");

  clock_.advance(4s);
  EXPECT_EQ(cache.find("course/user"), hit("teacher"));
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(TtlCacheTest, LeastRecentlyUsedEntryIsEvictedWhenFull) {
  Cache cache = make();
  cache.put("a", "1");
  cache.put("b", "2");
  cache.put("c", "3");
  ASSERT_TRUE(cache.find("a"));  // a is now more recent than b

  cache.put("d", "4");

  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.find("b"), std::nullopt);
  EXPECT_EQ(cache.find("a"), hit("1"));
  EXPECT_EQ(cache.find("c"), hit("3"));
  EXPECT_EQ(cache.find("d"), hit("4"));
}

TEST_F(TtlCacheTest, EraseForgetsAnAnswer) {
  Cache cache = make();
  cache.put("course/user", "student");

  cache.erase("course/user");

  EXPECT_EQ(cache.find("course/user"), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(TtlCacheTest, ZeroCapacityIsRefused) {
  TtlCacheSettings s = settings();
  s.capacity = 0;
  EXPECT_THROW(make(s), std::invalid_argument);
}

TEST_F(TtlCacheTest, GetFetchesOnAMissAndThenServesFromTheCache) {
  Cache cache = make();

  EXPECT_EQ(get(cache, "course/user", "student"), Answer("student"));
  EXPECT_EQ(get(cache, "course/user", "changed"), Answer("student"));
  EXPECT_EQ(fetches_, 1);

  clock_.advance(5s);
  EXPECT_EQ(get(cache, "course/user", "teacher"), Answer("teacher"));
  EXPECT_EQ(fetches_, 2);
}

TEST_F(TtlCacheTest, GetCachesANotFoundAnswerToo) {
  Cache cache = make();

  EXPECT_EQ(get(cache, "course/outsider", std::nullopt), std::nullopt);
  EXPECT_EQ(get(cache, "course/outsider", "student"), std::nullopt);
  EXPECT_EQ(fetches_, 1);

  clock_.advance(1s);
  EXPECT_EQ(get(cache, "course/outsider", "student"), Answer("student"));
}

TEST_F(TtlCacheTest, StaleAnswerIsServedWhileTheDependencyIsUnavailable) {
  Cache cache = make();
  cache.put("course/user", "student");
  clock_.advance(5s + 29s);

  EXPECT_EQ(get(cache, "course/user", std::nullopt, ErrorCode::kUnavailable), Answer("student"));
  EXPECT_EQ(fetches_, 1) << "an expired answer is asked for again first";
}

TEST_F(TtlCacheTest, StaleAnswerIsNotServedPastTheStaleBound) {
  Cache cache = make();
  cache.put("course/user", "student");
  clock_.advance(5s + 30s);

  EXPECT_THROW(get(cache, "course/user", std::nullopt, ErrorCode::kUnavailable), Error);
  EXPECT_EQ(cache.size(), 0u) << "an entry past any use is dropped";
}

TEST_F(TtlCacheTest, StaleAnswerIsNotServedWhenStaleIfErrorIsOff) {
  TtlCacheSettings s = settings();
  s.stale_if_error = 0ms;
  Cache cache = make(s);
  cache.put("course/user", "student");
  clock_.advance(5s);

  EXPECT_THROW(get(cache, "course/user", std::nullopt, ErrorCode::kUnavailable), Error);
}

TEST_F(TtlCacheTest, ErrorsOtherThanUnavailableAreNeverCoveredByAStaleAnswer) {
  Cache cache = make();
  cache.put("course/user", "student");
  clock_.advance(6s);

  try {
    get(cache, "course/user", std::nullopt, ErrorCode::kInternal);
    FAIL() << "the error was hidden";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInternal);
  }
}

TEST_F(TtlCacheTest, UnavailableWithNothingCachedReachesTheCaller) {
  Cache cache = make();

  try {
    get(cache, "course/user", std::nullopt, ErrorCode::kUnavailable);
    FAIL() << "nothing to serve, yet no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
  }
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace classroom::core
