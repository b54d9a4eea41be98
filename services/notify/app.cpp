#include "services/notify/app.hpp"

#include <algorithm>

#include "core/http/client.hpp"
#include "core/mail/smtp.hpp"
#include "core/membership.hpp"
#include "core/service/app.hpp"
#include "services/notify/deliveries.hpp"
#include "services/notify/handlers/handlers.hpp"
#include "services/notify/live/hub.hpp"
#include "services/notify/live/routes.hpp"
#include "services/notify/mail/mailer.hpp"
#include "services/notify/people.hpp"
#include "services/notify/service.hpp"

namespace classroom::notify {

namespace {

using namespace std::chrono_literals;

// Often enough that a digest goes within a small part of its period.
std::chrono::milliseconds digest_poll(std::chrono::seconds every) {
  return std::clamp<std::chrono::milliseconds>(every / 8, 1s, 60s);
}

class NotifyApp final : public core::ServiceApp {
 public:
  NotifyApp(core::Worker& worker, const Config& config)
      : ServiceApp(worker, config, "notify"),
        membership_(worker.io, config.api, core::TtlCacheSettings{}),
        api_(worker.io, config.api),
        people_(redis(), api_),
        service_{config, redis()},
        // A quarter of a connection's send queue for a backlog leaves room for what
        // arrives live meanwhile; an item is two messages on an event stream
        // (the item and the unread count).
        hub_(worker.io, config.redis, redis(), metrics(), config.http.max_queued_messages / 4) {
    handlers::add_all_routes(routes(), service_);
    live::add_live_routes(routes(), hub_, redis(), config.live_max_age);
    hub_.start();
    consume({.group = "notify", .start_from = "0", .reclaim_after = config.reclaim_after},
            [this](const core::events::Event& event) {
              return handle_event(redis(), membership_, people_, event);
            });
    if (first_worker()) {
      start_mail(config);
    }
  }

  void stop() override {
    hub_.stop();
    ServiceApp::stop();
  }

 private:
  // E-mail goes from worker 0 only: its SMTP sends run on threads of their own.
  void start_mail(const Config& config) {
    smtp_ = std::make_unique<core::mail::Client>(config.smtp);
    mailer_ =
        std::make_unique<mail::Mailer>(redis(), *smtp_, people_,
                                       mail::MailerSettings{.public_url = config.public_url,
                                                            .digest_every = config.digest_every,
                                                            .digest_at = config.digest_at,
                                                            .lease = 2 * config.smtp.send_timeout});
    every({.name = "mail", .interval = 1s, .max_backoff = 10s},
          [this] { return mailer_->send_queued(); });
    every({.name = "digest", .interval = digest_poll(config.digest_every), .max_backoff = 60s},
          [this] { return mailer_->send_digests(std::chrono::system_clock::now()); });
  }

  core::Membership membership_;
  core::http::Client api_;  // who a user is, when notify never heard (People)
  People people_;
  Service service_;
  live::Hub hub_;
  std::unique_ptr<core::mail::Client> smtp_;
  std::unique_ptr<mail::Mailer> mailer_;
};

}  // namespace

std::unique_ptr<core::http::App> make_app(core::Worker& worker, const Config& config) {
  return std::make_unique<NotifyApp>(worker, config);
}

}  // namespace classroom::notify
