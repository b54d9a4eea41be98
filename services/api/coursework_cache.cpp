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
  // The items' text, and a rough allowance for the strings and vectors around it.
  std::size_t total = sizeof(CourseworkList);
  for (const Item& item : items) {
    total += sizeof(Item) + item.json.size() + 64;
    if (item.assignees) {
      total += item.assignees->size() * (sizeof(std::string) + 40);
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

void CourseworkCache::put(const std::string& course_id, std::shared_ptr<const CourseworkList> list) {
  if (auto it = index_.find(course_id); it != index_.end()) {
    if (it->second->list->generation > list->generation) {
      return;  // a slower request read an older state
    }
    erase(it->second);
  }
  std::size_t bytes = list->bytes() + course_id.size();
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

void CourseworkCache::erase(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->course_id);
  lru_.erase(it);
}

}  // namespace classroom::api
