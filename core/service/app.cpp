#include "core/service/app.hpp"

#include <optional>
#include <vector>

#include "core/errors.hpp"
#include "core/http/idempotency.hpp"
#include "core/outbox/outbox.hpp"

namespace classroom::core {

struct ServiceApp::Parts {
  Parts(Worker& worker, const ServiceSettings& settings, std::string name)
      : worker(worker),
        settings(settings),
        name(std::move(name)),
        redis(worker.io, settings.redis) {
    if (settings.db) {
      db.emplace(worker.io, *settings.db);
      relay.emplace(worker.io, *db, redis, outbox::RelaySettings{.service = this->name},
                    worker.metrics);
      idempotency.emplace(*db);
    }
  }

  Worker worker;
  const ServiceSettings& settings;
  std::string name;
  std::optional<pg::Pool> db;
  redis::Client redis;
  std::optional<outbox::Relay> relay;
  std::optional<http::Idempotency> idempotency;
  std::optional<events::Consumer> consumer;
  std::vector<std::unique_ptr<PeriodicTask>> tasks;
  http::Router router;
};

ServiceApp::ServiceApp(Worker& worker, const ServiceSettings& settings, std::string name)
    : parts_(std::make_unique<Parts>(worker, settings, std::move(name))) {
  if (parts_->relay) {
    parts_->relay->start();
    every({.name = "idempotency key purge", .interval = std::chrono::hours(1)},
          [this]() -> boost::asio::awaitable<void> { co_await idempotency().purge(); });
  }
}

ServiceApp::~ServiceApp() = default;

const http::Router& ServiceApp::router() const { return parts_->router; }

boost::asio::awaitable<bool> ServiceApp::ready() {
  bool db_ready = !parts_->db || co_await parts_->db->ping();
  co_return db_ready&& co_await parts_->redis.ping();
}

void ServiceApp::stop() {
  if (parts_->relay) {
    parts_->relay->stop();
  }
  for (auto& task : parts_->tasks) {
    task->stop();
  }
  if (parts_->consumer) {
    parts_->consumer->stop();
  }
  parts_->redis.close();
}

pg::Pool& ServiceApp::db() {
  if (!parts_->db) {
    throw Error(ErrorCode::kInternal, "the " + parts_->name + " service has no database");
  }
  return *parts_->db;
}

redis::Client& ServiceApp::redis() { return parts_->redis; }

outbox::Relay& ServiceApp::relay() {
  db();  // the outbox is in the database
  return *parts_->relay;
}

http::Idempotency& ServiceApp::idempotency() {
  db();  // the keys are in the database
  return *parts_->idempotency;
}

http::Router& ServiceApp::routes() { return parts_->router; }

Metrics& ServiceApp::metrics() { return parts_->worker.metrics; }

bool ServiceApp::first_worker() const { return parts_->worker.index == 0; }

void ServiceApp::consume(events::ConsumerSettings settings, events::Handler handler) {
  if (!first_worker()) {
    return;
  }
  if (settings.group.empty()) {
    settings.group = parts_->name;
  }
  parts_->consumer.emplace(parts_->worker.io, parts_->settings.redis, std::move(settings),
                           std::move(handler), parts_->worker.metrics);
  parts_->consumer->start();
}

void ServiceApp::every(PeriodicTaskSettings settings, PeriodicTask::Run run) {
  if (!first_worker()) {
    return;
  }
  parts_->tasks.push_back(
      std::make_unique<PeriodicTask>(parts_->worker.io, std::move(settings), std::move(run)));
  parts_->tasks.back()->start();
}

}  // namespace classroom::core
