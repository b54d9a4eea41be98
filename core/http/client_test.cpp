#include "core/http/client.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace classroom::core::http {
namespace {

using namespace std::chrono_literals;

TEST(ClientSettings, ComeFromThePeersVariables) {
  setenv("CLASSROOM_PEERTEST_URL", "http://10.0.0.7:8102", 1);
  setenv("CLASSROOM_PEERTEST_TIMEOUT", "2s", 1);

  ClientSettings settings = client_settings_from_env("PEERTEST", "http://127.0.0.1:1");

  EXPECT_EQ(settings.base_url, "http://10.0.0.7:8102");
  EXPECT_EQ(settings.name, "peertest");
  EXPECT_EQ(settings.request_timeout, 2s);
}

TEST(ClientSettings, UnsetVariablesGiveTheDefaults) {
  unsetenv("CLASSROOM_PEERTEST2_URL");
  unsetenv("CLASSROOM_PEERTEST2_TIMEOUT");

  ClientSettings settings = client_settings_from_env("PEERTEST2", "http://127.0.0.1:8102");

  EXPECT_EQ(settings.base_url, "http://127.0.0.1:8102");
  EXPECT_EQ(settings.request_timeout, ClientSettings{}.request_timeout);
}

TEST(ClientSettings, ZeroTimeoutIsAConfigurationError) {
  setenv("CLASSROOM_PEERTEST3_TIMEOUT", "0", 1);
  EXPECT_THROW(client_settings_from_env("PEERTEST3", "http://127.0.0.1:1"), std::invalid_argument);
}

}  // namespace
}  // namespace classroom::core::http
