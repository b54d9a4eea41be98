#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/http/server.hpp"
#include "services/auth/config.hpp"

namespace classroom::core {
class Metrics;
}

namespace classroom::auth {

class Passwords;

// Auth on one worker thread: its connection pools, stores, outbox relay and
// routes; worker 0 also consumes auth's own account events (AccountSync).
std::unique_ptr<core::http::App> make_app(boost::asio::io_context& io, std::size_t worker,
                                          const Config& config, Passwords& passwords,
                                          core::Metrics& metrics);

}  // namespace classroom::auth
