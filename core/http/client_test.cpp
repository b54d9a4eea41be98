#include "core/http/client.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace classroom::core::http {
namespace {

using namespace std::chrono_literals;

TEST(ClientSettings, ComeFromThePeersVariablesAndTheSharedToken) {
  setenv("CLASSROOM_PEERTEST_URL", "http://10.0.0.7:8102", 1);
  setenv("CLASSROOM_PEERTEST_TIMEOUT", "2s", 1);
  setenv("CLASSROOM_INTERNAL_TOKEN", "a shared secret of the services", 1);

  ClientSettings settings = client_settings_from_env("PEERTEST", "http://127.0.0.1:1");

  EXPECT_EQ(settings.base_url, "http://10.0.0.7:8102");
  EXPECT_EQ(settings.name, "peertest");
  EXPECT_EQ(settings.request_timeout, 2s);
  EXPECT_EQ(settings.internal_token, "a shared secret of the services");
  unsetenv("CLASSROOM_INTERNAL_TOKEN");
}

TEST(ClientSettings, UnsetVariablesGiveTheDefaultsAndNoToken) {
  unsetenv("CLASSROOM_PEERTEST2_URL");
  unsetenv("CLASSROOM_PEERTEST2_TIMEOUT");
  unsetenv("CLASSROOM_INTERNAL_TOKEN");

  ClientSettings settings = client_settings_from_env("PEERTEST2", "http://127.0.0.1:8102");

  EXPECT_EQ(settings.base_url, "http://127.0.0.1:8102");
  EXPECT_EQ(settings.request_timeout, ClientSettings{}.request_timeout);
  EXPECT_EQ(settings.internal_token, "");
}

TEST(ClientSettings, ZeroTimeoutIsAConfigurationError) {
  setenv("CLASSROOM_PEERTEST3_TIMEOUT", "0", 1);
  EXPECT_THROW(client_settings_from_env("PEERTEST3", "http://127.0.0.1:1"), std::invalid_argument);
}

}  // namespace
}  // namespace classroom::core::http
