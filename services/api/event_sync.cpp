#include "services/api/event_sync.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/events/apply_once.hpp"
#include "core/events/consumer.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/pg/pg.hpp"
#include "core/time.hpp"
#include "services/api/domain.hpp"
#include "services/api/service.hpp"
#include "services/api/stores/gradebook_store.hpp"
#include "services/api/stores/profile_store.hpp"

namespace classroom::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Malformed data: not worth a retry.
struct Unusable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string text(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) {
    throw Unusable("missing " + std::string(name));
  }
  return std::string(v->get_string());
}

std::string id(const json::object& o, std::string_view name) {
  auto value = text(o, name);
  if (!core::is_uuid(value)) {
    throw Unusable(std::string(name) + " is not a UUID");
  }
  return value;
}

std::int64_t points(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  auto hundredths =
      v != nullptr && v->is_number() ? to_hundredths(v->to_number<double>()) : std::nullopt;
  // numeric(10, 2) holds less than 10^8.
  if (!hundredths || *hundredths >= 10'000'000'000) {
    throw Unusable(std::string(name) +
                   " must be a number from 0 to 99999999.99 with two decimals at most");
  }
  return *hundredths;
}

}  // namespace

asio::awaitable<void> EventSync::handle(const core::events::Event& event) {
  if (!core::is_uuid(event.id)) {
    core::log::error("event not applied: its id is not a UUID", {{"eventId", event.id}});
    co_return;
  }
  json::object envelope;
  json::object data;
  std::vector<core::pg::Statement> effect;
  try {
    envelope = json::parse(event.envelope).as_object();
    data = envelope.at("data").as_object();
    if (event.type == "user.registered") {
      effect.push_back(core::pg::bind(profile_store::kUpsertRegisteredProfile, id(data, "userId"),
                                      text(data, "email"), text(data, "displayName")));
    } else if (event.type == "user.deactivated" || event.type == "user.reactivated") {
      bool active = event.type == "user.reactivated";
      effect.push_back(
          core::pg::bind(profile_store::kSetProfileActive, id(data, "userId"), active));
    } else if (event.type == "exam.result_released") {
      auto released = utc_time(text(data, "releasedAt"));
      auto max_points = points(data, "maxPoints");
      auto scored = points(data, "points");
      if (!released || max_points == 0 || scored > max_points) {
        throw Unusable("releasedAt, or points within maxPoints");
      }
      effect.push_back(core::pg::bind(gradebook_store::kUpsertExamResult, id(data, "examId"),
                                      id(data, "studentId"), id(envelope, "courseId"),
                                      text(data, "title"), scored, max_points, *released));
    } else {
      co_return;
    }
  } catch (const std::exception& e) {
    // Malformed JSON, a missing member, a wrong type: retrying cannot help.
    core::log::error("event not applied: unusable data",
                     {{"eventId", event.id}, {"type", event.type}, {"error", e.what()}});
    co_return;
  }
  auto tx = co_await db_.begin();
  if (!co_await core::events::apply_once(tx, event.id)) {
    co_await tx.rollback();
    co_return;
  }
  co_await tx.pipeline(std::move(effect));
  co_await tx.commit();
}

}  // namespace classroom::api
