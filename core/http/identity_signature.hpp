#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/request.hpp"

// The signed identity (docs/decisions.md, "Signed identity"): auth signs the
// identity it answers the gateway's /verify with, and a service honours
// X-Auth-* headers only with a valid signature, whoever the peer is.
namespace classroom::core::http {

inline constexpr std::string_view kIdentitySignatureHeader = "X-Auth-Signature";
// How far past its expiry a signature is still taken: clocks of the hosts of
// auth and of a service may disagree by this much.
inline constexpr std::chrono::seconds kIdentityClockSkew{5};

struct IdentitySettings {
  // CLASSROOM_IDENTITY_KEY: base64url (or hex) of at least 32 random bytes,
  // shared by auth (which signs) and every service (which verifies).
  std::string key;
  // CLASSROOM_IDENTITY_KEY_PREVIOUS: still accepted, never used to sign, so
  // that the key can be replaced without a moment where auth and a service
  // disagree.
  std::string previous_key;
  // CLASSROOM_IDENTITY_TTL: how long a signature auth makes stays valid.
  std::chrono::seconds ttl{60};
};

using SystemTime = std::chrono::system_clock::time_point;

// An HMAC-SHA256 key decoded from configuration: hex when the text is an even
// number of hex digits, base64url (padding optional) otherwise. Throws
// std::invalid_argument naming `variable` for anything else or fewer than 32
// bytes.
std::vector<unsigned char> decode_identity_key(std::string_view text, std::string_view variable);

// `v1.<expiry, unix seconds>.<base64url(HMAC-SHA256(key, canonical))>`, where
// the canonical text holds "v1", the expiry and every identity field, each
// length-prefixed so that no two identities share one.
class IdentitySigner {
 public:
  // Throws std::invalid_argument when the key is missing or invalid.
  explicit IdentitySigner(const IdentitySettings& settings);
  ~IdentitySigner();
  IdentitySigner(const IdentitySigner&) = delete;
  IdentitySigner& operator=(const IdentitySigner&) = delete;

  std::string sign(const Identity& identity, SystemTime now) const;

 private:
  struct Key;
  std::unique_ptr<Key> key_;
  std::chrono::seconds ttl_;
};

// What a service does with the identity headers of a request.
class IdentityVerifier {
 public:
  // Without a key nothing verifies: every identity is refused. Throws
  // std::invalid_argument for an invalid key, or a previous key alone.
  explicit IdentityVerifier(const IdentitySettings& settings);
  ~IdentityVerifier();
  IdentityVerifier(const IdentityVerifier&) = delete;
  IdentityVerifier& operator=(const IdentityVerifier&) = delete;

  // Whether `signature` is one of the keys' signature of `identity`, not
  // expired at `now` (less the clock skew). Constant time in the MAC.
  bool verify(const Identity& identity, std::string_view signature, SystemTime now) const;

  // Drops X-Auth-* headers of names it does not sign, then lets a request
  // with none of the identity headers and no signature through as
  // anonymous; one that carries any must carry each at most once and a valid
  // signature, or Error(kUnauthenticated) is thrown, never naming the
  // signature. An admitted request keeps only the signed headers.
  void admit(Request& request, SystemTime now) const;

 private:
  struct Keys;
  std::unique_ptr<Keys> keys_;
};

}  // namespace classroom::core::http
