#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/http/router.hpp"
#include "core/http/server.hpp"
#include "core/http/sse.hpp"
#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/tests/http_test_support.hpp"

namespace classroom::core::http {
namespace {

using namespace tests;
using asio::awaitable;

constexpr auto kHeartbeat = 500ms;
constexpr std::size_t kQueueLimit = 8;
// A Last-Event-ID that makes the feed throw once it has sent its backlog.
constexpr std::string_view kFailingFeed = "fail";

ServerSettings live_settings() { return tests::live_settings(kHeartbeat, kQueueLimit); }

std::vector<ServerSentEvent> backlog() {
  return {
      {.id = "1", .data = "first"},
      {.id = "2", .event = "note", .data = "two\nlines"},
      {.id = "3", .data = "third"},
  };
}

struct Probe {
  Counter streams_started;
  Counter streams_ended;
};

// GET /events sends the backlog after Last-Event-ID, then what POST /publish
// publishes, until the stream ends.
class FeedApp final : public App {
 public:
  explicit FeedApp(Probe& probe) : probe_(probe) {
    router_.add(Method::kGet, "/events", [this](Request& request) -> awaitable<Response> {
      std::string after(request.header("last-event-id").value_or(""));
      co_return event_stream([this, after](EventSink& sink) { return feed(after, sink); });
    });
    router_.add(Method::kPost, "/publish", [this](Request& request) -> awaitable<Response> {
      ServerSentEvent event{.id = "p" + std::to_string(++published_), .event = "news"};
      event.data = request.body;
      int sent = 0;
      for (EventSink* sink : sinks_) {
        sent += sink->send(event) ? 1 : 0;
      }
      co_return Response::json(200, json::serialize(json::object{{"sent", sent}}));
    });
  }

  const Router& router() const override { return router_; }
  awaitable<bool> ready() override { co_return true; }
  void stop() override {}

 private:
  awaitable<void> feed(std::string after, EventSink& sink) {
    probe_.streams_started.add();
    const auto events = backlog();
    auto from = std::find_if(events.begin(), events.end(),
                             [&](const ServerSentEvent& e) { return e.id == after; });
    from = from == events.end() ? events.begin() : from + 1;
    for (auto it = from; it != events.end(); ++it) {
      sink.send(*it);
    }
    if (after == kFailingFeed) {
      throw std::runtime_error("the feed broke");
    }
    sinks_.push_back(&sink);
    co_await sink.closed();
    std::erase(sinks_, &sink);
    probe_.streams_ended.add();
  }

  Probe& probe_;
  Router router_;
  std::vector<EventSink*> sinks_;
  int published_ = 0;
};

// GET /events, after `last_event_id` when there is one.
ClientRequest events(std::string_view last_event_id = {}) {
  auto open = get("/events");
  if (!last_event_id.empty()) {
    open.set("Last-Event-ID", last_event_id);
  }
  return open;
}

class EventStream : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.start(
        [this](asio::io_context&, std::size_t) { return std::make_unique<FeedApp>(probe_); });
    running_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  void TearDown() override {
    server_.stop();
    EXPECT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready)
        << "run() did not return after stop()";
  }

  std::uint16_t port() const { return server_.port(); }
  json::object publish(std::string body) {
    Client http(port());
    return body_json(http.send(request(bhttp::verb::post, "/publish", std::move(body))));
  }
  void read_backlog(StreamReader& reader) {
    for (std::size_t i = 0; i < backlog().size(); ++i) {
      ASSERT_FALSE(reader.next_event().empty()) << "backlog event " << i;
    }
  }

  Metrics metrics_;
  Probe probe_;
  Server server_{live_settings(), metrics_};
  std::future<void> running_;
};

TEST_F(EventStream, EventsArriveInOrderWithIdsAndMultiLineData) {
  StreamReader reader(port(), events());

  EXPECT_EQ(reader.header().result(), bhttp::status::ok);
  EXPECT_EQ(reader.header()[bhttp::field::content_type], "text/event-stream");
  EXPECT_EQ(reader.header()[bhttp::field::cache_control], "no-cache");
  EXPECT_EQ(reader.header()["X-Accel-Buffering"], "no");
  EXPECT_TRUE(is_uuid(reader.header()["X-Request-Id"]));
  EXPECT_EQ(reader.next_event(), "id: 1\ndata: first");
  EXPECT_EQ(reader.next_event(), "id: 2\nevent: note\ndata: two\ndata: lines");
  EXPECT_EQ(reader.next_event(), "id: 3\ndata: third");
}

TEST_F(EventStream, LastEventIdResumesAfterThatEvent) {
  StreamReader reader(port(), events("2"));

  EXPECT_EQ(reader.next_event(), "id: 3\ndata: third");
}

TEST_F(EventStream, PublishedEventReachesTheOpenStream) {
  StreamReader reader(port(), events());
  read_backlog(reader);
  ASSERT_TRUE(probe_.streams_started.wait_for(1));

  EXPECT_EQ(publish("line one\nline two").at("sent"), json::value(1));
  EXPECT_EQ(reader.next_event(), "id: p1\nevent: news\ndata: line one\ndata: line two");
}

TEST_F(EventStream, IdleStreamGetsAHeartbeatWithinTheInterval) {
  StreamReader reader(port(), events());
  read_backlog(reader);
  const auto idle_since = std::chrono::steady_clock::now();

  EXPECT_EQ(reader.next_block(), ": heartbeat");
  auto waited = std::chrono::steady_clock::now() - idle_since;
  EXPECT_LT(waited, kHeartbeat + 1s);
  EXPECT_EQ(reader.next_block(), ": heartbeat") << "and again while it stays idle";
}

TEST_F(EventStream, ProducerLearnsAtOnceThatTheClientWentAway) {
  auto reader = std::make_unique<StreamReader>(port(), events());
  read_backlog(*reader);
  const auto left_at = std::chrono::steady_clock::now();
  reader.reset();

  EXPECT_TRUE(probe_.streams_ended.wait_for(1));
  EXPECT_LT(std::chrono::steady_clock::now() - left_at, kHeartbeat)
      << "noticed before a heartbeat had to fail";
  EXPECT_EQ(publish("anyone?").at("sent"), json::value(0));
}

TEST_F(EventStream, BytesTheClientSendsAfterItsRequestDoNotEndTheStream) {
  auto reader = std::make_unique<StreamReader>(port(), events());
  read_backlog(*reader);
  ASSERT_TRUE(probe_.streams_started.wait_for(1));

  reader->client().write_raw("not a request\r\n");
  EXPECT_EQ(publish("still listening").at("sent"), json::value(1));
  EXPECT_EQ(reader->next_event(), "id: p1\nevent: news\ndata: still listening");
  const auto left_at = std::chrono::steady_clock::now();
  reader.reset();
  EXPECT_TRUE(probe_.streams_ended.wait_for(1));
  EXPECT_LT(std::chrono::steady_clock::now() - left_at, kHeartbeat)
      << "the hang-up is still noticed at once";
}

TEST_F(EventStream, AProducerThatThrowsEndsTheStreamAfterWhatItSent) {
  StreamReader reader(port(), events(kFailingFeed));

  read_backlog(reader);
  EXPECT_EQ(reader.next_event(), "") << "the body ends";
  EXPECT_TRUE(reader.client().closed_by_server());
  StreamReader next(port(), events());
  EXPECT_EQ(next.next_event(), "id: 1\ndata: first") << "the server serves on";
}

TEST_F(EventStream, SlowReaderIsDroppedWhileOthersKeepReceiving) {
  StreamReader slow(port(), events());  // reads the header, never the body
  StreamReader fast(port(), events());
  ASSERT_TRUE(probe_.streams_started.wait_for(2));
  read_backlog(fast);
  // Larger than what the sockets' buffers hold after a few dozen events.
  const std::string big(256 << 10, 'x');

  int published = 0;
  while (probe_.streams_ended.get() == 0 && published < 400) {
    publish(big);
    ++published;
    ASSERT_EQ(fast.next_event(),
              "id: p" + std::to_string(published) + "\nevent: news\ndata: " + big);
  }

  EXPECT_EQ(probe_.streams_ended.get(), 1) << "after " << published << " events";
  EXPECT_EQ(publish("still here").at("sent"), json::value(1));
  EXPECT_EQ(fast.next_event(),
            "id: p" + std::to_string(published + 1) + "\nevent: news\ndata: still here");
}

TEST_F(EventStream, DrainEndsTheStreamAndRunReturns) {
  StreamReader reader(port(), events());
  read_backlog(reader);

  const auto stopped_at = std::chrono::steady_clock::now();
  server_.stop();

  EXPECT_EQ(reader.next_event(), "") << "the body ends";
  EXPECT_TRUE(reader.client().closed_by_server());
  ASSERT_EQ(running_.wait_for(kStepTimeout), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, 5s) << "the drain deadline is 20 s";
  EXPECT_EQ(probe_.streams_ended.get(), 1);
}

}  // namespace
}  // namespace classroom::core::http
