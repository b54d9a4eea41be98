#include "services/api/coursework_cache.hpp"

#include <gtest/gtest.h>

#include "core/metrics.hpp"
#include "services/api/domain.hpp"

namespace classroom::api {
namespace {

using Item = CourseworkList::Item;
using Ids = std::optional<std::vector<std::string>>;

Item item(std::string id, std::string state, std::optional<std::string> topic = std::nullopt,
          Ids assignees = std::nullopt) {
  std::string json = "{\"id\":\"" + id + "\"}";
  return Item{std::move(id), std::move(state), std::move(topic), std::move(assignees),
              std::move(json)};
}

// Newest first, as the database gives them: ids 9 down to 1.
CourseworkList term() {
  CourseworkList list;
  list.generation = 7;
  list.items = {item("9", "DRAFT"),
                item("8", "PUBLISHED", "t1"),
                item("7", "PUBLISHED", std::nullopt, Ids{{"ann"}}),
                item("6", "PUBLISHED", "t1", Ids{{"bob", "cid"}}),
                item("5", "DRAFT", "t1", Ids{{"ann"}}),
                item("4", "PUBLISHED"),
                item("3", "PUBLISHED", "t2"),
                item("2", "PUBLISHED", std::nullopt, Ids{std::vector<std::string>{}}),
                item("1", "PUBLISHED")};
  return list;
}

std::vector<std::string> ids(const CourseworkList::Page& page) {
  std::vector<std::string> out;
  for (auto json : page.items) {
    out.emplace_back(json.substr(7, json.size() - 9));  // {"id":"X"}
  }
  return out;
}

TEST(VisibleToStudent, PublishedWorkGivenToThem) {
  EXPECT_TRUE(visible_to_student("PUBLISHED", std::nullopt, "ann"));
  EXPECT_TRUE(visible_to_student("PUBLISHED", Ids{{"bob", "ann"}}, "ann"));
  EXPECT_FALSE(visible_to_student("PUBLISHED", Ids{{"bob"}}, "ann"));
  EXPECT_FALSE(visible_to_student("PUBLISHED", Ids{std::vector<std::string>{}}, "ann"));
  EXPECT_FALSE(visible_to_student("DRAFT", std::nullopt, "ann"));
  EXPECT_FALSE(visible_to_student("DRAFT", Ids{{"ann"}}, "ann"));
}

TEST(CourseworkListPage, TeachersSeeEverythingNewestFirst) {
  auto list = term();
  auto page = list.page({}, 20);
  EXPECT_EQ(ids(page), (std::vector<std::string>{"9", "8", "7", "6", "5", "4", "3", "2", "1"}));
  EXPECT_FALSE(page.next);
}

TEST(CourseworkListPage, AStudentSeesPublishedWorkGivenToThem) {
  CourseworkList::Filter ann{.student = "ann"};
  EXPECT_EQ(ids(term().page(ann, 20)), (std::vector<std::string>{"8", "7", "4", "3", "1"}));
  CourseworkList::Filter bob{.student = "bob"};
  EXPECT_EQ(ids(term().page(bob, 20)), (std::vector<std::string>{"8", "6", "4", "3", "1"}));
}

TEST(CourseworkListPage, TopicAndStateFilter) {
  EXPECT_EQ(ids(term().page({.topic_id = "t1"}, 20)), (std::vector<std::string>{"8", "6", "5"}));
  EXPECT_EQ(ids(term().page({.state = "DRAFT"}, 20)), (std::vector<std::string>{"9", "5"}));
  EXPECT_EQ(ids(term().page({.student = "ann", .state = "DRAFT"}, 20)), std::vector<std::string>{});
  EXPECT_EQ(ids(term().page({.student = "ann", .topic_id = "t1"}, 20)),
            (std::vector<std::string>{"8"}));
}

TEST(CourseworkListPage, PagesEndAtTheLimitWithTheLastIdAsCursor) {
  auto list = term();
  CourseworkList::Filter ann{.student = "ann"};
  auto first = list.page(ann, 2);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"8", "7"}));
  ASSERT_TRUE(first.next);
  EXPECT_EQ(*first.next, "7");
  ann.after = first.next;
  auto second = list.page(ann, 2);
  EXPECT_EQ(ids(second), (std::vector<std::string>{"4", "3"}));
  ann.after = second.next;
  auto last = list.page(ann, 2);
  EXPECT_EQ(ids(last), (std::vector<std::string>{"1"}));
  EXPECT_FALSE(last.next);
  // Exactly `limit` left: no further page.
  ann.after = "4";
  auto exact = list.page(ann, 2);
  EXPECT_EQ(ids(exact), (std::vector<std::string>{"3", "1"}));
  EXPECT_FALSE(exact.next);
}

struct Counters {
  core::Metrics metrics;
  core::Counter& hits = metrics.counter("hits", "h");
  core::Counter& misses = metrics.counter("misses", "m");
};

std::shared_ptr<const CourseworkList> at(std::int64_t generation, std::size_t items = 1) {
  auto list = std::make_shared<CourseworkList>();
  list->generation = generation;
  for (std::size_t i = 0; i < items; ++i) {
    list->items.push_back(item(std::to_string(i), "PUBLISHED"));
  }
  return list;
}

TEST(CourseworkCache, ServesAListOnlyAtItsGeneration) {
  Counters c;
  CourseworkCache cache(1 << 20, c.hits, c.misses);
  EXPECT_EQ(cache.find("c1", 3), nullptr);
  cache.put("c1", at(3));
  EXPECT_NE(cache.find("c1", 3), nullptr);
  EXPECT_EQ(cache.find("c1", 4), nullptr);  // changed since: the database is asked
  EXPECT_EQ(cache.find("c2", 3), nullptr);
  EXPECT_EQ(c.hits.value(), 1u);
  EXPECT_EQ(c.misses.value(), 3u);
}

TEST(CourseworkCache, ALaterGenerationReplacesAnEarlierOneNeverTheOtherWay) {
  Counters c;
  CourseworkCache cache(1 << 20, c.hits, c.misses);
  cache.put("c1", at(5));
  cache.put("c1", at(4));  // a slower request that read before the change
  EXPECT_NE(cache.find("c1", 5), nullptr);
  cache.put("c1", at(6));
  EXPECT_EQ(cache.find("c1", 5), nullptr);
  EXPECT_NE(cache.find("c1", 6), nullptr);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(CourseworkCache, StaysWithinItsBytesDroppingTheLeastRecentlyUsed) {
  Counters c;
  std::size_t one = CourseworkCache::entry_bytes("c1", *at(1, 10));
  CourseworkCache cache(3 * one, c.hits, c.misses);
  cache.put("c1", at(1, 10));
  cache.put("c2", at(1, 10));
  cache.put("c3", at(1, 10));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_NE(cache.find("c1", 1), nullptr);  // c2 is now the least recently used
  cache.put("c4", at(1, 10));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), 3 * one);
  EXPECT_EQ(cache.find("c2", 1), nullptr);
  EXPECT_NE(cache.find("c1", 1), nullptr);
  EXPECT_NE(cache.find("c3", 1), nullptr);
  EXPECT_NE(cache.find("c4", 1), nullptr);
}

TEST(CourseworkCache, KeepsNothingWithoutMemoryOrALargerListThanItHas) {
  Counters c;
  CourseworkCache none(0, c.hits, c.misses);
  none.put("c1", at(1));
  EXPECT_EQ(none.find("c1", 1), nullptr);
  EXPECT_EQ(none.bytes(), 0u);
  CourseworkCache small(CourseworkCache::entry_bytes("c1", *at(1, 1)), c.hits, c.misses);
  small.put("c1", at(1, 1));
  small.put("c2", at(1, 100));  // larger than everything: not kept, c1 stays
  EXPECT_EQ(small.find("c2", 1), nullptr);
  EXPECT_NE(small.find("c1", 1), nullptr);
}

}  // namespace
}  // namespace classroom::api
