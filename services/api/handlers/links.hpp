#pragma once

#include <boost/describe/class.hpp>

#include "services/api/domain/coursework.hpp"

// How handlers read a link from JSON (coursework materials, a submission's links).
namespace classroom::api {

BOOST_DESCRIBE_STRUCT(LinkInput, (), (url, title))

}  // namespace classroom::api
