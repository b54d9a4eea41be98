#pragma once

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
// for a signed-in user, served by this worker's hub.
void add_live_routes(core::http::Router& router, Hub& hub, core::redis::Client& redis);

}  // namespace classroom::notify::live
