#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace classroom::core {
class Counter;
}

namespace classroom::api {

// One course's coursework as it was at one generation (the count of changes
// to it, courses.coursework_generation), newest first, each item already in
// its wire form.
struct CourseworkList {
  struct Item {
    std::string id;  // lower-case, as PostgreSQL writes uuids
    std::string state;
    std::optional<std::string> topic_id;
    std::optional<std::vector<std::string>> assignees;  // nullopt: every student
    std::string json;
  };

  // What one list request asks for.
  struct Filter {
    std::optional<std::string> student;  // sees what is visible to them; nullopt: everything
    std::optional<std::string> topic_id;
    std::optional<std::string> state;
    std::optional<std::string> after;  // the cursor: only ids below it
  };

  struct Page {
    std::vector<std::string_view> items;  // JSON, pointing into the list
    std::optional<std::string> next;      // the cursor of the next page, if there is one
  };

  std::int64_t generation = 0;
  std::vector<Item> items;

  // At most `limit` items that pass `filter`, newest first.
  Page page(const Filter& filter, int limit) const;
  // Roughly what the list takes in memory.
  std::size_t bytes() const;
};

// Courses' coursework lists kept by one worker thread (workers share nothing,
// so there is no lock), at most `max_bytes` of them, the least recently used
// dropped first.
//
// A list is only served for the generation the course row has at the time of
// the request (read by the access check every request makes anyway), so it is
// never older than the database, whichever instance made the change; see
// migrations/0003_coursework_generation.sql.
class CourseworkCache {
 public:
  CourseworkCache(std::size_t max_bytes, core::Counter& hits, core::Counter& misses);

  // The list of `course_id` at `generation`, or null (counted as a miss).
  std::shared_ptr<const CourseworkList> find(const std::string& course_id, std::int64_t generation);
  // Keeps `list` unless a list of a later generation is kept already.
  void put(const std::string& course_id, std::shared_ptr<const CourseworkList> list);

  // What keeping `list` under `course_id` counts against the budget.
  static std::size_t entry_bytes(const std::string& course_id, const CourseworkList& list);

  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return index_.size(); }

 private:
  struct Entry {
    std::string course_id;
    std::shared_ptr<const CourseworkList> list;
    std::size_t bytes;
  };
  void erase(std::list<Entry>::iterator it);

  std::size_t max_bytes_;
  core::Counter& hits_;
  core::Counter& misses_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

}  // namespace classroom::api
