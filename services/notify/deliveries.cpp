#include "services/notify/deliveries.hpp"

#include <boost/json.hpp>

#include "core/events/consumer.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/membership.hpp"
#include "core/redis/redis.hpp"
#include "core/time.hpp"
#include "services/notify/event_json.hpp"
#include "services/notify/people.hpp"
#include "services/notify/stores/inbox_store.hpp"
#include "services/notify/stores/preferences_store.hpp"
#include "services/notify/stores/user_store.hpp"

namespace classroom::notify {

namespace asio = boost::asio;

namespace {

constexpr auto kMailCutoff = std::chrono::hours(24);

// The moment a reminder is about; nullopt for other types (or none given).
std::optional<core::Timestamp> reminder_moment(const Envelope& e) {
  std::string_view field;
  if (e.type == "coursework.due_soon") {
    field = "dueAt";
  } else if (e.type == "exam.opening_soon") {
    field = "opensAt";
  } else {
    return std::nullopt;
  }
  auto it = e.data.find(field);
  return it == e.data.end() ? std::nullopt : core::parse_time(it->second);
}

const std::string& data_id(const Envelope& e, std::string_view field) {
  auto it = e.data.find(field);
  if (it == e.data.end() || !core::is_uuid(it->second)) {
    throw InvalidEvent(e.type + ": data." + std::string(field) + " is not a UUID");
  }
  return it->second;
}

const std::string& data_text(const Envelope& e, std::string_view field) {
  auto it = e.data.find(field);
  if (it == e.data.end()) {
    throw InvalidEvent(e.type + ": data." + std::string(field) + " is missing");
  }
  return it->second;
}

asio::awaitable<void> close_connections(core::redis::Client& redis, const std::string& user) {
  std::string message =
      boost::json::serialize(boost::json::object{{"kind", "close"}, {"userId", user}});
  co_await redis("PUBLISH", inbox_store::kLiveChannel, message);
}

// The notice's delivery to those who did not mute it, with their e-mail
// preference (none when the notice has an address of its own), or with no
// e-mail at all when `mail` is false; `unmailed` counts the e-mails so left out.
asio::awaitable<inbox_store::Delivery> delivery_of(core::redis::Client& redis, const Envelope& e,
                                                   const Notice& notice, std::size_t group,
                                                   bool mail, std::size_t& unmailed) {
  inbox_store::Delivery d{
      inbox_store::done_key(e.id, group), e.id, item_json(e, notice), {}, std::nullopt};
  if (notice.email && mail) {
    d.email = boost::json::serialize(boost::json::value(*notice.email));
  } else if (notice.email) {
    ++unmailed;
  }
  auto prefs = co_await preferences_store::read_many(redis, notice.recipients);
  for (std::size_t i = 0; i < prefs.size(); ++i) {
    if (mutes(prefs[i], e.type, e.course_id)) {
      continue;
    }
    // The notice's address is its e-mail: the recipients' own would double it.
    auto mode = notice.email ? EmailMode::kOff : email_mode(prefs[i], e.type);
    if (!mail && mode != EmailMode::kOff) {
      ++unmailed;
      mode = EmailMode::kOff;
    }
    d.recipients.push_back({notice.recipients[i], mode});
  }
  co_return d;
}

asio::awaitable<void> deliver_notices(core::redis::Client& redis, core::Membership& membership,
                                      People& people, Envelope& e) {
  if (needs_course_students(e.type)) {
    // api down throws kUnavailable: the event stays pending and comes again.
    std::string course = e.course_id.value_or("");  // named first (GCC 12, docs/decisions.md)
    e.recipient_ids = co_await membership.students(course, e.id);
  }
  auto names = co_await people.names(people_named(e));
  auto verified = co_await user_store::verified_emails(redis, people_verified(e));
  auto notices = audience(e, names, verified);
  const bool mail = !too_late_for_mail(e, core::Clock::now());
  std::size_t unmailed = 0;
  for (std::size_t group = 0; group < notices.size(); ++group) {
    auto d = co_await delivery_of(redis, e, notices[group], group, mail, unmailed);
    if (!d.recipients.empty() || d.email) {
      co_await inbox_store::deliver(redis, d);
    }
  }
  if (unmailed > 0) {
    core::log::info("e-mail left out: the event came too late for it",
                    {{"eventId", e.id},
                     {"type", e.type},
                     {"occurredAt", e.occurred_at},
                     {"count", std::to_string(unmailed)}});
  }
}

asio::awaitable<void> apply(core::redis::Client& redis, core::Membership& membership,
                            People& people, Envelope& e) {
  if (e.type == "user.registered") {
    co_await user_store::record(redis, data_id(e, "userId"), data_text(e, "email"),
                                data_text(e, "displayName"));
  } else if (e.type == "user.email_verified") {
    co_await user_store::record_verified(redis, data_id(e, "userId"), data_text(e, "email"));
  } else if (e.type == "user.deactivated") {
    co_await close_connections(redis, data_id(e, "userId"));
  } else {
    co_await deliver_notices(redis, membership, people, e);
  }
}

}  // namespace

asio::awaitable<void> handle_event(core::redis::Client& redis, core::Membership& membership,
                                   People& people, const core::events::Event& event) {
  std::string problem;
  try {
    auto envelope = parse_envelope(event.envelope);
    co_await apply(redis, membership, people, envelope);
  } catch (const InvalidEvent& e) {
    problem = e.what();
  }
  if (!problem.empty()) {
    core::log::warn("event not delivered: its data is unusable",
                    {{"eventId", event.id}, {"type", event.type}, {"error", problem}});
  }
}

bool too_late_for_mail(const Envelope& event, std::chrono::system_clock::time_point now) {
  if (auto moment = reminder_moment(event)) {
    return *moment <= now;
  }
  auto occurred = core::parse_time(event.occurred_at);
  return occurred && *occurred + kMailCutoff < now;
}

}  // namespace classroom::notify
