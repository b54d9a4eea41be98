#include "services/notify/live/message.hpp"

#include <gtest/gtest.h>

namespace classroom::notify::live {
namespace {

TEST(LiveMessage, AnItemNamesEveryRecipientWithTheirSeqAndUnreadCount) {
  auto message =
      parse_live_message(R"({"kind":"item","item":{"id":"e1","title":"Quiz","readAt":null},)"
                         R"("to":[["u1",7,3],["u2",1,1]]})");
  ASSERT_TRUE(message);
  const auto* item = std::get_if<ItemMessage>(&*message);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->item_id, "e1");
  EXPECT_EQ(item->item_json, R"({"id":"e1","title":"Quiz","readAt":null})");
  ASSERT_EQ(item->to.size(), 2U);
  EXPECT_EQ(item->to[0].user_id, "u1");
  EXPECT_EQ(item->to[0].seq, 7);
  EXPECT_EQ(item->to[0].unread, 3);
  EXPECT_EQ(item->to[1].user_id, "u2");
}

TEST(LiveMessage, AnUnreadCountChangeNamesItsUser) {
  auto message = parse_live_message(R"({"kind":"unread","userId":"u1","count":0})");
  ASSERT_TRUE(message);
  const auto* unread = std::get_if<UnreadMessage>(&*message);
  ASSERT_NE(unread, nullptr);
  EXPECT_EQ(unread->user_id, "u1");
  EXPECT_EQ(unread->count, 0);
}

TEST(LiveMessage, CloseNamesTheDeactivatedUser) {
  auto message = parse_live_message(R"({"kind":"close","userId":"u9"})");
  ASSERT_TRUE(message);
  const auto* close = std::get_if<CloseMessage>(&*message);
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->user_id, "u9");
}

TEST(LiveMessage, AnythingElseIsRefused) {
  for (const char* payload :
       {"", "not json", "[]", R"({"kind":"other","userId":"u"})", R"({"userId":"u"})",
        R"({"kind":"unread","userId":"u"})", R"({"kind":"unread","userId":"u","count":"2"})",
        R"({"kind":"close"})", R"({"kind":"item","item":{"title":"no id"},"to":[]})",
        R"({"kind":"item","item":{"id":"e"},"to":[["u",1]]})",
        R"({"kind":"item","item":{"id":"e"},"to":[["u","1",2]]})",
        R"({"kind":"item","item":{"id":"e"}})", R"({"kind":"item","to":[["u",1,1]]})"}) {
    EXPECT_FALSE(parse_live_message(payload)) << payload;
  }
}

TEST(LiveMessage, WebSocketMessagesCarryTheItemAndTheCount) {
  EXPECT_EQ(websocket_notification(R"({"id":"e1"})", 4),
            R"({"type":"notification","item":{"id":"e1"},"unreadCount":4})");
  EXPECT_EQ(websocket_unread(2), R"({"type":"unreadCount","count":2})");
  EXPECT_EQ(unread_data(0), R"({"count":0})");
}

}  // namespace
}  // namespace classroom::notify::live
