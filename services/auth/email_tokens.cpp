#include "services/auth/email_tokens.hpp"

#include "core/ids.hpp"
#include "core/pg/pg.hpp"
#include "services/auth/queries.hpp"

namespace classroom::auth {

namespace asio = boost::asio;

namespace {

std::string_view purpose_name(TokenPurpose purpose) {
  return purpose == TokenPurpose::kVerifyEmail ? "VERIFY_EMAIL" : "RESET_PASSWORD";
}

}  // namespace

asio::awaitable<std::string> EmailTokenStore::issue(const std::string& user_id,
                                                    const std::string& email, TokenPurpose purpose,
                                                    std::chrono::seconds ttl) {
  std::string token = core::random_token(32);
  co_await db_.query(queries::kInsertEmailToken, core::sha256_hex(token), user_id,
                     purpose_name(purpose), email, static_cast<std::int64_t>(ttl.count()));
  co_return token;
}

asio::awaitable<std::optional<TokenUse>> EmailTokenStore::live(std::string_view token,
                                                               TokenPurpose purpose) {
  auto r = co_await db_.query(queries::kEmailTokenIsLive, core::sha256_hex(token),
                              purpose_name(purpose));
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return TokenUse{r.get<std::string>(0, 0), r.get<std::string>(0, 1)};
}

asio::awaitable<void> EmailTokenStore::purge() { co_await db_.query(queries::kPurgeEmailTokens); }

asio::awaitable<std::optional<TokenUse>> use_token(core::pg::Transaction& tx,
                                                   std::string_view token, TokenPurpose purpose) {
  auto r =
      co_await tx.query(queries::kUseEmailToken, core::sha256_hex(token), purpose_name(purpose));
  if (r.empty()) {
    co_return std::nullopt;
  }
  co_return TokenUse{r.get<std::string>(0, 0), r.get<std::string>(0, 1)};
}

}  // namespace classroom::auth
