#include "core/mail/smtp.hpp"

#include <curl/curl.h>

#include <boost/url/parse.hpp>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "core/worker_pool.hpp"

namespace classroom::core::mail {
namespace {

// What libcurl is given: the URL without credentials or our own query.
struct Endpoint {
  std::string url;
  std::string user;
  std::string password;
  bool starttls = false;
};

// Never echoes the URL: it may hold a password.
Endpoint parse_endpoint(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    throw std::invalid_argument("the SMTP URL is not a URL");
  }
  const auto& url = *parsed;
  if (url.scheme() != "smtp" && url.scheme() != "smtps") {
    throw std::invalid_argument("the SMTP URL must start with smtp:// or smtps://");
  }
  if (url.host().empty()) {
    throw std::invalid_argument("the SMTP URL has no host");
  }
  Endpoint endpoint;
  if (url.has_query()) {
    if (url.scheme() != "smtp" || url.query() != "starttls=required") {
      throw std::invalid_argument("the SMTP URL's only query is ?starttls=required on smtp://");
    }
    endpoint.starttls = true;
  }
  endpoint.url = std::string(url.scheme()) + "://" + std::string(url.encoded_host_and_port()) +
                 std::string(url.encoded_path());
  endpoint.user = url.user();
  endpoint.password = url.password();
  return endpoint;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl cannot be initialised");
    }
  });
}

struct Upload {
  std::string_view data;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload.data.size());
  std::memcpy(buffer, upload.data.data(), n);
  upload.data.remove_prefix(n);
  return n;
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// One SMTP transaction, blocking: connect, (STARTTLS, login,) MAIL, RCPT, DATA.
void send_blocking(const Endpoint& endpoint, const Settings& settings, std::string_view to,
                   std::string_view text) {
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) {
    throw Error(ErrorCode::kUnavailable, "mail: libcurl could not start a transfer");
  }
  CURL* c = curl.get();
  const std::string from = "<" + settings.from.email + ">";
  std::unique_ptr<curl_slist, ListDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + std::string(to) + ">").c_str()));
  Upload upload{text};
  char error_text[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, endpoint.url.c_str());
  // Signals cannot time out a blocking resolve on a thread that is not main.
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.send_timeout.count()));
  if (endpoint.starttls) {
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!endpoint.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, endpoint.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, endpoint.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  // Announced with SIZE: a server refuses a message too large before the data.
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  const CURLcode result = curl_easy_perform(c);
  if (result == CURLE_OK) {
    return;
  }
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  std::string detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(result);
  // A refused login is the sender's configuration, not the message: once it
  // is fixed, the message goes.
  if (reply >= 500 && reply < 600 && result != CURLE_LOGIN_DENIED) {
    throw Error(ErrorCode::kInvalidArgument, "mail: the server refused the message for good (" +
                                                 std::to_string(reply) + "): " + detail);
  }
  throw Error(ErrorCode::kUnavailable, "mail: not sent, try again later: " + detail);
}

}  // namespace

Settings settings_from_env() {
  Settings s;
  s.url = config::get_string("CLASSROOM_SMTP_URL", s.url);
  try {
    parse_endpoint(s.url);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("CLASSROOM_SMTP_URL: ") + e.what());
  }
  const std::string from = config::get_string("CLASSROOM_MAIL_FROM", "");
  if (!from.empty()) {
    try {
      s.from = parse_address(from);
    } catch (const Error& e) {
      throw std::invalid_argument(std::string("CLASSROOM_MAIL_FROM: ") + e.what());
    }
  }
  s.connect_timeout =
      config::get_seconds("CLASSROOM_SMTP_CONNECT_TIMEOUT",
                          std::chrono::duration_cast<std::chrono::seconds>(s.connect_timeout));
  s.send_timeout = config::get_seconds(
      "CLASSROOM_SMTP_TIMEOUT", std::chrono::duration_cast<std::chrono::seconds>(s.send_timeout));
  if (s.connect_timeout.count() == 0 || s.send_timeout.count() == 0) {
    throw std::invalid_argument(
        "CLASSROOM_SMTP_CONNECT_TIMEOUT and CLASSROOM_SMTP_TIMEOUT "
        "must be at least 1s");
  }
  return s;
}

struct Client::Impl {
  explicit Impl(Settings s)
      : settings(std::move(s)),
        endpoint(parse_endpoint(settings.url)),
        pool(settings.threads, settings.max_queued) {}
  Settings settings;
  Endpoint endpoint;
  WorkerPool pool;
};

Client::Client(Settings settings) {
  init_curl_once();
  impl_ = std::make_unique<Impl>(std::move(settings));
}

Client::~Client() = default;

const Settings& Client::settings() const { return impl_->settings; }

boost::asio::awaitable<void> Client::send(Message message) {
  // Composed here, so that a message that cannot be one fails before it waits.
  const std::string text =
      compose(message, impl_->settings.from, Clock::now(), new_message_id(impl_->settings.from));
  const Impl& impl = *impl_;
  co_await impl_->pool.run([&impl, &message, &text] {
    send_blocking(impl.endpoint, impl.settings, message.to.email, text);
  });
}

}  // namespace classroom::core::mail
