// The caller's inbox (API.md, notify): newest first, paged by the items'
// seq; reading one item or all of them. Only the caller's own items exist
// for them: any other id is 404.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "core/http/query.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "services/notify/handlers/handlers.hpp"
#include "services/notify/stores/inbox_store.hpp"

namespace classroom::notify::handlers {

namespace {

constexpr std::string_view kInbox = "/notifications";
constexpr std::string_view kUnreadCount = "/notifications/unread-count";
constexpr std::string_view kRead = "/notifications/{id}/read";
constexpr std::string_view kReadAll = "/notifications/read-all";

// A cursor is the seq of the last item of the page before: a positive integer.
std::optional<std::int64_t> cursor_seq(const std::optional<std::string>& cursor) {
  if (!cursor) {
    return std::nullopt;
  }
  std::int64_t seq = 0;
  auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), seq);
  if (ec != std::errc() || end != cursor->data() + cursor->size() || seq <= 0) {
    throw Error(ErrorCode::kMalformed, "cursor is not one this endpoint gave out",
                {{"cursor", "is not one this endpoint gave out"}});
  }
  return seq;
}

// `items` were read with one more than `limit`: a further page exists when it came.
Response page(const Request& request, const std::vector<inbox_store::StoredItem>& items,
              int limit) {
  auto shown = std::min(items.size(), static_cast<std::size_t>(limit));
  std::vector<std::string_view> views;
  for (std::size_t i = 0; i < shown; ++i) {
    views.push_back(items[i].json);
  }
  std::optional<std::string> next;
  if (items.size() > shown) {
    next = std::to_string(items[shown - 1].seq);
  }
  return core::json::page_response(request, views, next);
}

asio::awaitable<Response> list(Service& s, Request& request) {
  auto user = caller_id(request);
  auto unread = core::http::enum_query(request, "unread", {"true", "false"});
  auto paging = core::http::page_request(request, {"unread"});
  auto before = cursor_seq(paging.cursor);
  auto items =
      co_await inbox_store::page(s.redis, user, unread == "true", before, paging.limit + 1);
  co_return page(request, items, paging.limit);
}

asio::awaitable<Response> unread_count(Service& s, Request& request) {
  auto user = caller_id(request);
  auto count = co_await inbox_store::unread_count(s.redis, user);
  co_return core::json::response(200, boost::json::object{{"count", count}});
}

asio::awaitable<Response> read_one(Service& s, Request& request) {
  auto user = caller_id(request);
  auto id = core::ascii_lower(request.param("id"));
  bool found = false;
  if (core::is_uuid(id)) {
    auto now = core::format_time(core::Clock::now(), true);
    found = co_await inbox_store::mark_read(s.redis, user, id, now);
  }
  if (!found) {
    throw Error(ErrorCode::kNotFound, "no such notification");
  }
  co_return Response::no_content();
}

asio::awaitable<Response> read_all(Service& s, Request& request) {
  auto user = caller_id(request);
  auto now = core::format_time(core::Clock::now(), true);
  co_await inbox_store::mark_all_read(s.redis, user, now);
  co_return Response::no_content();
}

}  // namespace

void add_inbox_routes(core::http::Router& router, Service& s) {
  router.add(Method::kGet, kInbox, [&s](Request& r) { return list(s, r); });
  router.add(Method::kGet, kUnreadCount, [&s](Request& r) { return unread_count(s, r); });
  router.add(Method::kPost, kRead, [&s](Request& r) { return read_one(s, r); });
  router.add(Method::kPost, kReadAll, [&s](Request& r) { return read_all(s, r); });
}

}  // namespace classroom::notify::handlers
