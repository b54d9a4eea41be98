#include "core/http/identity_signature.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kKey = "S5Skfba_iz-1nAJBwN7UJop5wUx2mtpCGgjVGOh_0U8";
constexpr std::string_view kOtherKey = "I8x_FNEWepQ73Suj_f7cB7BRWBZRJ6e8zS-30cXFY44";
const SystemTime kNow = SystemTime(1'800'000'000s);

IdentitySettings keys(std::string_view key, std::string_view previous = {}) {
  return {.key = std::string(key), .previous_key = std::string(previous), .ttl = 60s};
}

Identity student() {
  return {"0193a000-0000-7000-8000-0000000000b1", "sam@school.example", "user",
          "0193a000-0000-7000-8000-0000000000c1", true};
}

std::string signed_by(std::string_view key, const Identity& identity, SystemTime at = kNow) {
  return IdentitySigner(keys(key)).sign(identity, at);
}

bool accepted(const Identity& identity, std::string_view signature, SystemTime at = kNow,
              const IdentitySettings& settings = keys(kKey)) {
  return IdentityVerifier(settings).verify(identity, signature, at);
}

TEST(IdentitySignature, TheSignatureOfAuthsKeyIsAccepted) {
  std::string signature = signed_by(kKey, student());
  // The same as tests/e2e/support.py's sign_identity computes: both sides agree.
  EXPECT_EQ(signature, "v1.1800000060.HB_NAf1HSMs9Agt37iy02bzaOjaOx88WWgCa545kbf4");
  EXPECT_TRUE(accepted(student(), signature));
}

TEST(IdentitySignature, AChangedFieldIsRefused) {
  std::string signature = signed_by(kKey, student());
  Identity admin = student();
  admin.role = "admin";
  Identity other_user = student();
  other_user.user_id = "0193a000-0000-7000-8000-0000000000b2";
  Identity other_email = student();
  other_email.email = "someone@else.example";
  Identity other_session = student();
  other_session.session_id += "x";
  Identity unverified = student();
  unverified.email_verified = false;
  for (const Identity& changed : {admin, other_user, other_email, other_session, unverified}) {
    EXPECT_FALSE(accepted(changed, signature)) << changed.user_id << ' ' << changed.role;
  }
}

TEST(IdentitySignature, FieldsCannotBeShiftedIntoOneAnother) {
  std::string signature = signed_by(kKey, {"u", "x@y.example", "user", "s", false});
  EXPECT_FALSE(accepted({"ux@y.example", "", "user", "s", false}, signature));
  EXPECT_FALSE(accepted({"u\nx@y.example", "", "user", "s", false}, signature));
  EXPECT_FALSE(accepted({"u", "x@y.example", "user", "", false}, signature));
}

TEST(IdentitySignature, AnExpiredSignatureIsRefusedAfterTheSkewAllowance) {
  std::string signature = signed_by(kKey, student());
  EXPECT_TRUE(accepted(student(), signature, kNow + 60s));
  EXPECT_TRUE(accepted(student(), signature, kNow + 60s + kIdentityClockSkew));
  EXPECT_FALSE(accepted(student(), signature, kNow + 61s + kIdentityClockSkew));
}

TEST(IdentitySignature, AChangedExpiryIsRefused) {
  std::string signature = signed_by(kKey, student());
  std::string later = signature;
  later.replace(later.find("1800000060"), 10, "1900000060");
  EXPECT_FALSE(accepted(student(), later));
}

TEST(IdentitySignature, AnotherKeysSignatureIsRefused) {
  EXPECT_FALSE(accepted(student(), signed_by(kOtherKey, student())));
}

TEST(IdentitySignature, ThePreviousKeyStillVerifiesButTheCurrentOneSigns) {
  // Rotation: auth and the services take the new key with the old one as
  // previous; signatures made with either are accepted meanwhile.
  IdentitySettings rotated = keys(kOtherKey, kKey);
  EXPECT_TRUE(accepted(student(), signed_by(kKey, student()), kNow, rotated));
  EXPECT_TRUE(accepted(student(), signed_by(kOtherKey, student()), kNow, rotated));
  std::string by_rotated_signer = IdentitySigner(rotated).sign(student(), kNow);
  EXPECT_FALSE(accepted(student(), by_rotated_signer, kNow, keys(kKey)));
}

TEST(IdentitySignature, GarbageIsRefused) {
  std::string good = signed_by(kKey, student());
  std::string mac = good.substr(good.rfind('.') + 1);
  for (const std::string& garbage :
       {std::string(), std::string("v1"), std::string("v1.."), "v2.1800000060." + mac, "v1.." + mac,
        "v1.-1." + mac, "v1.+1800000060." + mac, "v1.1800000060x." + mac,
        "v1.1800000060." + mac + "A", "v1.1800000060." + mac.substr(1),
        "v1.1800000060." + mac + "=", "v1.1800000060." + mac + ".x", " " + good,
        "v1.99999999999999999999." + mac}) {
    EXPECT_FALSE(accepted(student(), garbage)) << garbage;
  }
}

TEST(IdentitySignature, WithoutAKeyNothingVerifies) {
  EXPECT_FALSE(accepted(student(), signed_by(kKey, student()), kNow, keys("")));
}

TEST(IdentitySignature, KeysAreBase64urlOrHexOfAtLeast32Bytes) {
  EXPECT_EQ(decode_identity_key(kKey, "K").size(), 32U);
  EXPECT_EQ(decode_identity_key(std::string(kKey) + "=", "K").size(), 32U);
  EXPECT_EQ(decode_identity_key(std::string(64, 'a'), "K").size(), 32U);  // hex
  for (std::string_view bad : {"short", "S5Skfba_iz-1nAJBwN7UJop5wUx2mtpCGgjVGOh_0U",
                               "S5Skfba_iz-1nAJBwN7UJop5wUx2mtpCGgjVGOh_0U8!",
                               "S5Skfba+iz/1nAJBwN7UJop5wUx2mtpCGgjVGOh_0U8"}) {
    EXPECT_THROW(decode_identity_key(bad, "K"), std::invalid_argument) << bad;
  }
  EXPECT_THROW(IdentitySigner(keys("")), std::invalid_argument);
  EXPECT_THROW(IdentityVerifier(keys("too short")), std::invalid_argument);
  EXPECT_THROW(IdentityVerifier(keys(kKey, "too short")), std::invalid_argument);
  EXPECT_THROW(IdentityVerifier(keys("", kKey)), std::invalid_argument);
}

Request with_identity(const Identity& who, std::string signature) {
  Request request;
  request.headers = {{"accept", "application/json"},
                     {"x-auth-user", who.user_id},
                     {"x-auth-user-email", who.email},
                     {"x-auth-role", who.role},
                     {"x-auth-session", who.session_id},
                     {"x-auth-email-verified", who.email_verified ? "true" : "false"},
                     {"x-auth-signature", std::move(signature)}};
  return request;
}

ErrorCode refusal(const IdentityVerifier& verifier, Request request) {
  try {
    verifier.admit(request, kNow);
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find("v1."), std::string::npos) << e.what();
    return e.code();
  }
  return ErrorCode::kInternal;  // admitted
}

TEST(IdentityAdmission, ASignedIdentityIsAdmittedWithoutItsSignature) {
  IdentityVerifier verifier(keys(kKey));
  Request request = with_identity(student(), signed_by(kKey, student()));
  request.headers.emplace_back("x-auth-anything", "unsigned");

  verifier.admit(request, kNow);

  auto who = request.identity();
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->user_id, student().user_id);
  EXPECT_TRUE(who->email_verified);
  EXPECT_FALSE(request.header("x-auth-signature").has_value());
  EXPECT_FALSE(request.header("x-auth-anything").has_value());
  EXPECT_EQ(request.header("accept"), "application/json");
}

TEST(IdentityAdmission, ARequestWithoutIdentityHeadersIsAnonymous) {
  IdentityVerifier verifier(keys(kKey));
  Request request;
  request.headers = {{"accept", "application/json"}};
  verifier.admit(request, kNow);
  EXPECT_FALSE(request.identity().has_value());
}

TEST(IdentityAdmission, AnXAuthNameThatIsNotOursIsDroppedNotRefused) {
  IdentityVerifier verifier(keys(kKey));
  Request request;
  request.headers = {{"x-auth-token", "a client's own"}, {"accept", "application/json"}};
  verifier.admit(request, kNow);
  EXPECT_FALSE(request.identity().has_value());
  EXPECT_FALSE(request.header("x-auth-token").has_value());
}

TEST(IdentityAdmission, AnyIdentityHeaderWithoutAValidSignatureIsUnauthenticated) {
  IdentityVerifier verifier(keys(kKey));
  Identity admin = student();
  admin.role = "admin";
  Request unsigned_request = with_identity(admin, "");
  std::erase_if(unsigned_request.headers,
                [](const auto& h) { return h.first == "x-auth-signature"; });
  Request only_role;
  only_role.headers = {{"x-auth-role", "admin"}};
  Request only_signature;
  only_signature.headers = {{"x-auth-signature", signed_by(kKey, student())}};

  EXPECT_EQ(refusal(verifier, unsigned_request), ErrorCode::kUnauthenticated);
  EXPECT_EQ(refusal(verifier, with_identity(admin, signed_by(kKey, student()))),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(refusal(verifier, with_identity(student(), "v1.1.AAAA")), ErrorCode::kUnauthenticated);
  EXPECT_EQ(refusal(verifier, only_role), ErrorCode::kUnauthenticated);
  EXPECT_EQ(refusal(verifier, only_signature), ErrorCode::kUnauthenticated);
  EXPECT_EQ(
      refusal(IdentityVerifier(keys("")), with_identity(student(), signed_by(kKey, student()))),
      ErrorCode::kUnauthenticated);
}

TEST(IdentityAdmission, AnIdentityHeaderGivenTwiceIsUnauthenticated) {
  IdentityVerifier verifier(keys(kKey));
  Request request = with_identity(student(), signed_by(kKey, student()));
  request.headers.emplace_back("x-auth-role", "admin");
  EXPECT_EQ(refusal(verifier, request), ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace classroom::core::http
