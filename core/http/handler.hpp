#pragma once

#include <boost/asio/awaitable.hpp>

#include "core/errors.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/router.hpp"

// The names every handler file of every service uses, in one place: a
// service's handlers.hpp brings them into its handlers namespace with
// `using namespace core::http::handler;`, so no handler file opens with the
// same block of aliases. Only these names: the directive stays harmless.
namespace classroom::core::http::handler {

namespace asio = boost::asio;
using core::Error;
using core::ErrorCode;
using core::http::Method;
using core::http::Request;
using core::http::Response;

}  // namespace classroom::core::http::handler
