#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace classroom::core {
namespace {

TEST(Ids, UuidIsVersion7AndTimeOrdered) {
  std::string a = new_uuid();
  ASSERT_TRUE(is_uuid(a));
  EXPECT_EQ(a[14], '7');
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
  // The first 48 bits are milliseconds: a later id never sorts before an earlier one's millisecond.
  std::string b = new_uuid();
  EXPECT_LE(a.substr(0, 13), b.substr(0, 13));
}

TEST(Ids, RejectsNonUuids) {
  EXPECT_FALSE(is_uuid("not-a-uuid"));
  EXPECT_FALSE(is_uuid("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g"));
  EXPECT_FALSE(is_uuid("0190a1b2c3d47e5f8a9b0c1d2e3f4a5b0000"));
  EXPECT_TRUE(is_uuid("0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B"));
}

TEST(Ids, TokensAre32RandomBytesInBase64Url) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = random_token();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, no padding
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Ids, Sha256MatchesKnownDigest) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Ids, Base64UrlHasNoPadding) { EXPECT_EQ(base64url("\xfb\xff"), "-_8"); }

}  // namespace
}  // namespace classroom::core
