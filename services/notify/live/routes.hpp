#pragma once

#include <chrono>

namespace classroom::core::http {
class Router;
}
namespace classroom::core::redis {
class Client;
}

namespace classroom::notify::live {

class Hub;

// GET /notifications/stream (Server-Sent Events, resumed from Last-Event-ID)
// and GET /notifications/ws (WebSocket, resumed from ?after=<itemId>), both
// for a signed-in user, served by this worker's hub. Each connection ends
// politely after `max_age` (less up to a tenth, at random): its client
// reconnects through the gateway, which checks the session again, and resumes.
void add_live_routes(core::http::Router& router, Hub& hub, core::redis::Client& redis,
                     std::chrono::milliseconds max_age);

}  // namespace classroom::notify::live
