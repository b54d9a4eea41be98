#pragma once

#include "services/notify/config.hpp"

namespace classroom::core::redis {
class Client;
}

namespace classroom::notify {

// What handlers work with, one per worker thread.
struct Service {
  const Config& config;
  core::redis::Client& redis;
};

}  // namespace classroom::notify
