#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/http/server.hpp"
#include "services/api/config.hpp"

namespace classroom::core {
class Metrics;
}

namespace classroom::api {

// The api on one worker thread: its connection pool, outbox relay and routes;
// worker 0 also consumes events (EventSync) and publishes scheduled coursework.
std::unique_ptr<core::http::App> make_app(boost::asio::io_context& io, std::size_t worker,
                                          const Config& config, core::Metrics& metrics);

// Every route, for `classroom-api routes` (the authorization matrix test
// checks that it covers each of them).
std::vector<std::pair<core::http::Method, std::string>> routes(const Config& config);

}  // namespace classroom::api
