#include "services/api/coursework_cache.hpp"

#include <utility>

#include "core/metrics.hpp"
#include "services/api/domain.hpp"

namespace classroom::api {

CourseworkList::Page CourseworkList::page(const Filter& filter, int limit) const {
  Page page;
  const Item* last = nullptr;
  for (const Item& item : items) {
    if ((filter.after && item.id >= *filter.after) ||
        (filter.student && !visible_to_student(item.state, item.assignees, *filter.student)) ||
        (filter.topic_id && item.topic_id != filter.topic_id) ||
        (filter.state && item.state != *filter.state)) {
      continue;
    }
    if (static_cast<int>(page.items.size()) == limit) {
      // One more passes: the page ends at the last item kept.
      page.next = last->id;
      break;
    }
    page.items.push_back(item.json);
    last = &item;
  }
  return page;
}

std::size_t CourseworkList::bytes() const {
  // What the strings and vectors hold on the heap (a string within its
  // small-string buffer holds nothing there), and the items themselves.
  auto heap = [](const std::string& text) {
    return text.capacity() > std::string().capacity() ? text.capacity() + 1 : 0;
  };
  std::size_t total = sizeof(CourseworkList) + items.capacity() * sizeof(Item);
  for (const Item& item : items) {
    total += heap(item.id) + heap(item.state) + heap(item.json);
    if (item.topic_id) {
      total += heap(*item.topic_id);
    }
    if (item.assignees) {
      total += item.assignees->capacity() * sizeof(std::string);
      for (const auto& id : *item.assignees) {
        total += heap(id);
      }
    }
  }
  return total;
}

CourseworkCache::CourseworkCache(std::size_t max_bytes, core::Counter& hits, core::Counter& misses)
    : max_bytes_(max_bytes), hits_(hits), misses_(misses) {}

std::shared_ptr<const CourseworkList> CourseworkCache::find(const std::string& course_id,
                                                            std::int64_t generation) {
  auto it = index_.find(course_id);
  if (it == index_.end() || it->second->list->generation != generation) {
    misses_.add();
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  hits_.add();
  return it->second->list;
}

void CourseworkCache::put(const std::string& course_id,
                          std::shared_ptr<const CourseworkList> list) {
  if (auto it = index_.find(course_id); it != index_.end()) {
    if (it->second->list->generation > list->generation) {
      return;  // a slower request read an older state
    }
    erase(it->second);
  }
  std::size_t bytes = entry_bytes(course_id, *list);
  if (bytes > max_bytes_) {
    return;
  }
  while (bytes_ + bytes > max_bytes_) {
    erase(std::prev(lru_.end()));
  }
  lru_.push_front(Entry{course_id, std::move(list), bytes});
  index_.emplace(course_id, lru_.begin());
  bytes_ += bytes;
}

std::size_t CourseworkCache::entry_bytes(const std::string& course_id, const CourseworkList& list) {
  // The entry, its index node, and the course id held by both.
  constexpr std::size_t kEntryOverhead = 160;
  return list.bytes() + 2 * course_id.size() + kEntryOverhead;
}

void CourseworkCache::erase(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->course_id);
  lru_.erase(it);
}

}  // namespace classroom::api
