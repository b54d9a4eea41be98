#pragma once

#include <memory>
#include <string>

#include "core/events/consumer.hpp"
#include "core/http/server.hpp"
#include "core/periodic_task.hpp"
#include "core/service/service.hpp"

namespace classroom::core {
namespace outbox {
class Relay;
}
namespace http {
class Idempotency;
}

// The base of a service's App, one per worker thread: owns what every
// service has, so that the service's App adds only its stores, handlers,
// event handlers and tasks. It owns the PostgreSQL pool (when the service
// has a database), the Redis client, the outbox relay (every worker runs
// one; an advisory lock lets one work at a time), idempotency keys and their
// hourly purge, the event consumer and periodic tasks (on worker 0 only),
// the router, /readyz and the stop at drain.
class ServiceApp : public http::App {
 public:
  // `name` names the relay's Redis keys and the consumer group.
  ServiceApp(Worker& worker, const ServiceSettings& settings, std::string name);
  ~ServiceApp() override;

  const http::Router& router() const override;
  boost::asio::awaitable<bool> ready() override;
  void stop() override;

 protected:
  // The database; Error(kInternal) when the service has none.
  pg::Pool& db();
  redis::Client& redis();
  outbox::Relay& relay();
  http::Idempotency& idempotency();
  http::Router& routes();
  Metrics& metrics();
  bool first_worker() const;

  // On worker 0 only: consumes the events of `settings.types` with `handler`
  // (the group is the service's name unless set).
  void consume(events::ConsumerSettings settings, events::Handler handler);
  // On worker 0 only: runs `run` as a periodic task.
  void every(PeriodicTaskSettings settings, PeriodicTask::Run run);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace classroom::core
