#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>

namespace classroom::core {
class Membership;
namespace pg {
class Pool;
}  // namespace pg
}  // namespace classroom::core

namespace classroom::exams {

// How long before an exam opens its students are told (exam.opening_soon).
inline constexpr std::chrono::hours kOpeningNotice{1};

// Emits exam.opening_soon, with the course's students as recipients, for
// every published exam opening within kOpeningNotice: once per opening time
// (a teacher who moves opensAt gets a new notice for the new time). The
// students are asked of api before any transaction; the notice and its mark
// are one transaction, so several instances never send one twice. Returns
// how many notices went out.
boost::asio::awaitable<int> announce_openings(core::pg::Pool& db, core::Membership& membership);

}  // namespace classroom::exams
