#include "services/api/publisher.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/http/idempotency.hpp"
#include "core/log.hpp"
#include "core/pg/pg.hpp"
#include "services/api/queries.hpp"
#include "services/api/service.hpp"

namespace classroom::api {

namespace asio = boost::asio;

namespace {
constexpr int kBatch = 20;
}

Publisher::Publisher(asio::io_context& io, core::pg::Pool& db, core::http::Idempotency& keys,
                     std::chrono::seconds interval)
    : io_(io), db_(db), keys_(keys), interval_(interval), wake_(io) {}

void Publisher::start() { asio::co_spawn(io_, loop(), asio::detached); }

void Publisher::stop() {
  asio::post(io_, [this] {
    stopped_ = true;
    wake_.cancel();
  });
}

asio::awaitable<int> Publisher::publish_due() {
  int published = 0;
  for (;;) {
    auto tx = co_await db_.begin();
    auto due = co_await tx.query(queries::kSelectDueScheduled, kBatch);
    for (int i = 0; i < due.rows(); ++i) {
      std::string id = due.get<std::string>(i, 0);
      std::string author = due.get<std::string>(i, 1);
      std::string course_name = due.get<std::string>(i, 2);
      co_await publish_coursework(tx, id, author, course_name);
    }
    co_await tx.commit();
    published += due.rows();
    if (due.rows() < kBatch) {
      co_return published;
    }
  }
}

asio::awaitable<void> Publisher::loop() {
  while (!stopped_) {
    try {
      if (int n = co_await publish_due(); n > 0) {
        core::log::info("scheduled coursework published", {{"count", n}});
      }
      if (std::chrono::steady_clock::now() - last_purge_ > std::chrono::hours(1)) {
        co_await keys_.purge();
        last_purge_ = std::chrono::steady_clock::now();
      }
    } catch (const std::exception& e) {
      // PostgreSQL down: the drafts stay due and are published at the next round.
      core::log::warn("scheduled publishing failed; will retry", {{"error", e.what()}});
    }
    if (stopped_) {
      break;
    }
    wake_.expires_after(interval_);
    boost::system::error_code ec;
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace classroom::api
