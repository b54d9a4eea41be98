#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "core/errors.hpp"

namespace classroom::core {

struct TtlCacheSettings {
  std::size_t capacity = 1024;  // entries; the least recently used goes first
  std::chrono::milliseconds ttl{5000};
  // How long "there is none" (a 404) is believed: shorter than `ttl`, so that
  // a user who was just added is not refused for long.
  std::chrono::milliseconds negative_ttl{1000};
  // How long past its TTL an answer may still be given while the dependency
  // is unavailable (0: never). Bounded, so that an outage cannot keep a
  // revoked right alive for ever.
  std::chrono::milliseconds stale_if_error{0};
};

// A small cache of answers that a dependency gave and that may be reused for
// a while: "the role of user X in course Y". An answer is a value or the
// knowledge that there is none (the dependency said 404), which is cached too,
// for `negative_ttl`. Entries expire after their TTL; the cache holds at most
// `capacity` of them and evicts the least recently used.
//
// Like the HTTP client it serves, a cache belongs to one io_context and is
// used from that thread only: no locks. Two callers that miss the same key at
// once both fetch it; the answers are the same, the second simply replaces the
// first.
template <class Key, class Value, class Hash = std::hash<Key>>
class TtlCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  // nullopt: the dependency said there is none.
  using Answer = std::optional<Value>;

  // `now` is injected by tests; services keep the steady clock.
  explicit TtlCache(TtlCacheSettings settings, Now now = &Clock::now)
      : settings_(settings), now_(std::move(now)) {
    if (settings_.capacity == 0) {
      throw std::invalid_argument("a cache needs room for at least one entry");
    }
  }

  // The answer for `key` if it has not expired.
  std::optional<Answer> find(const Key& key) { return lookup(key, std::chrono::milliseconds(0)); }

  // The answer for `key` if it expired no longer than `stale_if_error` ago:
  // for when asking the dependency again failed.
  std::optional<Answer> find_stale(const Key& key) { return lookup(key, settings_.stale_if_error); }

  // Remembers a value for `ttl`, or "there is none" for `negative_ttl`.
  void put(const Key& key, Answer answer) {
    auto ttl = answer ? settings_.ttl : settings_.negative_ttl;
    Entry entry{key, std::move(answer), now_() + ttl};
    if (auto it = index_.find(key); it != index_.end()) {
      entries_.erase(it->second);
      index_.erase(it);
    }
    if (entries_.size() >= settings_.capacity) {
      index_.erase(entries_.back().key);
      entries_.pop_back();
    }
    entries_.push_front(std::move(entry));
    index_.emplace(key, entries_.begin());
  }

  // Forgets `key`, e.g. when an event says the answer changed.
  void erase(const Key& key) {
    if (auto it = index_.find(key); it != index_.end()) {
      entries_.erase(it->second);
      index_.erase(it);
    }
  }

  std::size_t size() const { return entries_.size(); }

  // The answer for `key`: from the cache while fresh, else from `fetch` (a
  // coroutine returning Answer), which is then cached. When `fetch` throws
  // Error(kUnavailable) and a stale answer is still allowed, that answer is
  // returned instead; otherwise the error goes to the caller (a 503 with
  // Retry-After). Other errors are never covered up.
  template <class Fetch>
  boost::asio::awaitable<Answer> get(Key key, Fetch fetch) {
    if (auto cached = find(key)) {
      co_return *std::move(cached);
    }
    std::optional<Answer> stale;
    try {
      Answer fetched = co_await fetch();
      put(key, fetched);
      co_return fetched;
    } catch (const Error& e) {
      stale = e.code() == ErrorCode::kUnavailable ? find_stale(key) : std::nullopt;
      if (!stale) {
        throw;
      }
    }
    co_return *std::move(stale);
  }

 private:
  struct Entry {
    Key key;
    Answer answer;
    Clock::time_point expires;
  };
  using Entries = std::list<Entry>;  // most recently used first

  std::optional<Answer> lookup(const Key& key, std::chrono::milliseconds grace) {
    auto it = index_.find(key);
    if (it == index_.end()) {
      return std::nullopt;
    }
    auto entry = it->second;
    auto now = now_();
    if (now >= entry->expires + settings_.stale_if_error) {
      entries_.erase(entry);  // of no use any more, not even while the dependency is down
      index_.erase(it);
      return std::nullopt;
    }
    if (now >= entry->expires + grace) {
      return std::nullopt;
    }
    entries_.splice(entries_.begin(), entries_, entry);
    return entry->answer;
  }

  TtlCacheSettings settings_;
  Now now_;
  Entries entries_;
  std::unordered_map<Key, typename Entries::iterator, Hash> index_;
};

}  // namespace classroom::core
