#include "services/api/domain/coursework.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace classroom::api {
namespace {

using namespace std::chrono_literals;

// A fixed "now": 2026-12-01T09:00:00Z.
constexpr core::Clock::time_point kNow{std::chrono::seconds(1796115600)};

template <class T>
Change<T> set(T value) {
  return std::optional<T>(std::move(value));
}

CourseworkChange assignment(std::string title = "Lab report") {
  CourseworkChange change;
  change.title = set(std::move(title));
  change.work_type = set<std::string>("ASSIGNMENT");
  return change;
}

// The fields a 422 names, in order; empty when the change was applied.
std::vector<std::string> invalid(const CourseworkChange& change, CourseworkDraft& draft,
                                 bool creating) {
  try {
    apply_change(change, draft, creating, kNow);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidArgument);
    std::vector<std::string> fields;
    for (const auto& f : e.fields()) {
      fields.push_back(f.field);
    }
    return fields;
  }
  return {};
}

TEST(CourseworkRules, ANewItemNeedsATitleAndAType) {
  CourseworkDraft draft;
  EXPECT_EQ(invalid(CourseworkChange{}, draft, true),
            (std::vector<std::string>{"title", "workType"}));
}

TEST(CourseworkRules, EveryInvalidFieldIsNamedAtOnce) {
  auto change = assignment(" ");
  change.max_points = set(0.0);
  change.due_at = set<std::string>("next week");
  change.state = set<std::string>("DONE");
  CourseworkDraft draft;
  EXPECT_EQ(invalid(change, draft, true),
            (std::vector<std::string>{"title", "maxPoints", "dueAt", "state"}));
}

TEST(CourseworkRules, MaterialsHaveNoPointsAndNoDueDate) {
  CourseworkChange change;
  change.title = set<std::string>("Reading");
  change.work_type = set<std::string>("MATERIAL");
  change.max_points = set(10.0);
  CourseworkDraft draft;
  EXPECT_EQ(invalid(change, draft, true), std::vector<std::string>{"workType"});
}

TEST(CourseworkRules, TheTypeOfExistingWorkCannotChange) {
  CourseworkDraft draft;
  draft.fields.title = "Lab report";
  draft.fields.work_type = "ASSIGNMENT";
  CourseworkChange change;
  change.work_type = set<std::string>("MATERIAL");
  EXPECT_EQ(invalid(change, draft, false), std::vector<std::string>{"workType"});
}

TEST(CourseworkRules, AScheduleLiesInTheFutureAndStartsAsADraft) {
  auto past = assignment();
  past.scheduled_at = set<std::string>("2026-12-01T08:00:00Z");
  CourseworkDraft draft;
  EXPECT_EQ(invalid(past, draft, true), std::vector<std::string>{"scheduledAt"});
  auto published = assignment();
  published.scheduled_at = set<std::string>("2026-12-02T08:00:00Z");
  published.state = set<std::string>("PUBLISHED");
  CourseworkDraft other;
  EXPECT_EQ(invalid(published, other, true), std::vector<std::string>{"scheduledAt"});
}

TEST(CourseworkRules, AbsentFieldsKeepTheirValuesAndNullClearsThem) {
  CourseworkDraft draft;
  draft.fields.title = "Lab report";
  draft.fields.work_type = "ASSIGNMENT";
  draft.fields.max_points = 1000;
  draft.fields.due_at = "2026-12-10T09:00:00.000Z";
  CourseworkChange change;
  change.due_at = std::optional<std::string>();  // null
  change.max_points = set(12.5);
  EXPECT_TRUE(invalid(change, draft, false).empty());
  EXPECT_EQ(draft.fields.title, "Lab report");
  EXPECT_EQ(draft.fields.max_points, 1250);
  EXPECT_FALSE(draft.fields.due_at.has_value());
  EXPECT_FALSE(draft.publish);
}

TEST(CourseworkRules, AssigneesAreUniqueAndAtLeastOne) {
  auto change = assignment();
  std::string a = "0190a0a0-0000-7000-8000-00000000000a";
  std::string b = "0190a0a0-0000-7000-8000-00000000000b";
  change.assignees = set(std::vector<std::string>{b, a, b});
  CourseworkDraft draft;
  EXPECT_TRUE(invalid(change, draft, true).empty());
  EXPECT_EQ(draft.fields.assignees, (std::vector<std::string>{a, b}));
  change.assignees = set(std::vector<std::string>{});
  CourseworkDraft none;
  EXPECT_EQ(invalid(change, none, true), std::vector<std::string>{"assignees"});
}

TEST(Links, AreWebUrlsTitledByTheirUrlWithoutATitle) {
  auto links = checked_links("materials", {{"https://example.org/a", std::nullopt}}, 20);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].title, "https://example.org/a");
  try {
    checked_links("materials", {{"https://x.org", "ok"}, {"ftp://x.org", std::nullopt}}, 20);
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.fields().at(0).field, "materials[1].url");
  }
}

}  // namespace
}  // namespace classroom::api
