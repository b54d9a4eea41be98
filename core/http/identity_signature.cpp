#include "core/http/identity_signature.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

#include "core/errors.hpp"

namespace classroom::core::http {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::size_t kMinKeyBytes = 32;
constexpr std::size_t kMacBytes = crypto_auth_hmacsha256_BYTES;
// The headers a signature covers, besides itself (Request::identity reads them).
constexpr std::array<std::string_view, 5> kSignedHeaders{
    "x-auth-user", "x-auth-user-email", "x-auth-role", "x-auth-session", "x-auth-email-verified"};
constexpr std::string_view kSignatureHeader = "x-auth-signature";

using Mac = std::array<unsigned char, kMacBytes>;
using KeyState = crypto_auth_hmacsha256_state;

void init_sodium() {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
}

bool is_hex(std::string_view text) {
  return text.size() % 2 == 0 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::optional<std::vector<unsigned char>> decode(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::vector<unsigned char> out(text.size());
  std::size_t length = 0;
  int failed = 0;
  if (is_hex(text)) {
    failed =
        sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr);
  } else {
    while (text.ends_with('=')) {
      text.remove_suffix(1);
    }
    failed = sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length,
                               nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  }
  if (failed != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

// The key's HMAC state after the key is absorbed: copied for each message,
// so that signing or verifying hashes only the message.
KeyState key_state(std::string_view text, std::string_view variable) {
  init_sodium();
  auto key = decode_identity_key(text, variable);
  KeyState state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  return state;
}

void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

// Every field length-prefixed: no value can pose as the end of another.
std::string canonical(const Identity& identity, std::int64_t expiry) {
  std::string out(kVersion);
  out += '\n';
  out += std::to_string(expiry);
  out += '\n';
  append_field(out, identity.user_id);
  append_field(out, identity.email);
  append_field(out, identity.role);
  append_field(out, identity.session_id);
  append_field(out, identity.email_verified ? "true" : "false");
  return out;
}

Mac mac_of(const KeyState& key, std::string_view message) {
  KeyState state = key;
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  Mac mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof(state));
  return mac;
}

std::int64_t unix_seconds(SystemTime time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

struct Parsed {
  std::int64_t expiry = 0;
  Mac mac{};
};

// `v1.<digits>.<43 base64url characters>`, or nothing.
std::optional<Parsed> parse(std::string_view signature) {
  if (!signature.starts_with(kVersion) || !signature.substr(kVersion.size()).starts_with('.')) {
    return std::nullopt;
  }
  signature.remove_prefix(kVersion.size() + 1);
  auto dot = signature.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12) {
    return std::nullopt;
  }
  Parsed out;
  auto digits = signature.substr(0, dot);
  if (digits.front() == '-') {
    return std::nullopt;
  }
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.expiry);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  auto encoded = signature.substr(dot + 1);
  std::size_t length = 0;
  if (sodium_base642bin(out.mac.data(), out.mac.size(), encoded.data(), encoded.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != kMacBytes) {
    return std::nullopt;
  }
  return out;
}

Error refused() {
  return Error(ErrorCode::kUnauthenticated,
               "identity headers are honoured only with a valid " +
                   std::string(kIdentitySignatureHeader) +
                   " (missing, expired, or not made by auth for exactly these headers)");
}

bool is_identity_header(std::string_view lower_name) { return lower_name.starts_with("x-auth-"); }

bool is_signed_header(std::string_view lower_name) {
  return std::find(kSignedHeaders.begin(), kSignedHeaders.end(), lower_name) !=
         kSignedHeaders.end();
}

}  // namespace

std::vector<unsigned char> decode_identity_key(std::string_view text, std::string_view variable) {
  init_sodium();
  auto key = decode(text);
  if (!key || key->size() < kMinKeyBytes) {
    throw std::invalid_argument(std::string(variable) +
                                " must be base64url or hex of at least 32 random bytes");
  }
  return *std::move(key);
}

struct IdentitySigner::Key {
  KeyState state;
};

IdentitySigner::IdentitySigner(const IdentitySettings& settings)
    : key_(std::make_unique<Key>(Key{key_state(settings.key, "CLASSROOM_IDENTITY_KEY")})),
      ttl_(settings.ttl) {
  if (ttl_.count() <= 0) {
    throw std::invalid_argument("CLASSROOM_IDENTITY_TTL must be at least 1s");
  }
}

IdentitySigner::~IdentitySigner() { sodium_memzero(&key_->state, sizeof(key_->state)); }

std::string IdentitySigner::sign(const Identity& identity, SystemTime now) const {
  std::int64_t expiry = unix_seconds(now) + ttl_.count();
  Mac mac = mac_of(key_->state, canonical(identity, expiry));
  std::array<char, sodium_base64_ENCODED_LEN(kMacBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
      encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), mac.data(), mac.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(kVersion) + '.' + std::to_string(expiry) + '.' + encoded.data();
}

struct IdentityVerifier::Keys {
  std::vector<KeyState> states;  // the current key first
};

IdentityVerifier::IdentityVerifier(const IdentitySettings& settings)
    : keys_(std::make_unique<Keys>()) {
  if (settings.key.empty()) {
    if (!settings.previous_key.empty()) {
      throw std::invalid_argument(
          "CLASSROOM_IDENTITY_KEY_PREVIOUS is set without CLASSROOM_IDENTITY_KEY");
    }
    return;
  }
  keys_->states.push_back(key_state(settings.key, "CLASSROOM_IDENTITY_KEY"));
  if (!settings.previous_key.empty()) {
    keys_->states.push_back(key_state(settings.previous_key, "CLASSROOM_IDENTITY_KEY_PREVIOUS"));
  }
}

IdentityVerifier::~IdentityVerifier() {
  for (auto& state : keys_->states) {
    sodium_memzero(&state, sizeof(state));
  }
}

bool IdentityVerifier::verify(const Identity& identity, std::string_view signature,
                              SystemTime now) const {
  auto parsed = parse(signature);
  if (!parsed || unix_seconds(now) > parsed->expiry + kIdentityClockSkew.count()) {
    return false;
  }
  std::string message = canonical(identity, parsed->expiry);
  bool valid = false;
  for (const auto& key : keys_->states) {
    Mac expected = mac_of(key, message);
    valid = sodium_memcmp(expected.data(), parsed->mac.data(), kMacBytes) == 0 || valid;
  }
  return valid;
}

void IdentityVerifier::admit(Request& request, SystemTime now) const {
  // An X-Auth-* name that is not ours means nothing here: it is dropped, not
  // refused, since a proxy that strips only our names (Traefik's file) lets
  // clients' own X-Auth-Token and the like through.
  std::erase_if(request.headers, [](const auto& header) {
    return is_identity_header(header.first) && !is_signed_header(header.first) &&
           header.first != kSignatureHeader;
  });
  bool any = false;
  for (const auto& header : request.headers) {
    const std::string& name = header.first;
    if (!is_identity_header(name)) {
      continue;
    }
    any = true;
    // Of two values, which one the signature covers is anyone's guess.
    if (std::count_if(request.headers.begin(), request.headers.end(),
                      [&](const auto& other) { return other.first == name; }) > 1) {
      throw refused();
    }
  }
  if (!any) {
    return;
  }
  auto identity = request.identity();
  auto signature = request.header(kSignatureHeader);
  if (!identity || !signature || !verify(*identity, *signature, now)) {
    throw refused();
  }
  std::erase_if(request.headers,
                [](const auto& header) { return header.first == kSignatureHeader; });
}

}  // namespace classroom::core::http
