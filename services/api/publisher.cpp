#include "services/api/publisher.hpp"

#include "core/log.hpp"
#include "core/pg/pg.hpp"
#include "services/api/service.hpp"
#include "services/api/stores/coursework_store.hpp"

namespace classroom::api {

namespace asio = boost::asio;

namespace {
constexpr int kBatch = 20;
}

asio::awaitable<int> Publisher::publish_due() {
  int published = 0;
  for (;;) {
    auto tx = co_await db_.begin();
    auto due = co_await tx.query(coursework_store::kSelectDueScheduled, kBatch);
    for (int i = 0; i < due.rows(); ++i) {
      std::string id = due.get<std::string>(i, 0);
      std::string author = due.get<std::string>(i, 1);
      std::string course_name = due.get<std::string>(i, 2);
      co_await publish_coursework(tx, id, author, course_name);
    }
    co_await tx.commit();
    published += due.rows();
    if (due.rows() < kBatch) {
      break;
    }
  }
  if (published > 0) {
    core::log::info("scheduled coursework published", {{"count", published}});
  }
  co_return published;
}

}  // namespace classroom::api
