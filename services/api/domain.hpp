#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/course_role.hpp"
#include "core/text.hpp"

// The api service's rules as plain functions over plain values: no HTTP, no
// SQL, no JSON. They hold the most meaning and get the most unit tests.
namespace classroom::api {

// A caller's place in a course (core/course_role.hpp).
using core::CourseRole;
using core::is_teacher;
using core::parse_role;
using core::role_name;

// The submission state machine (API.md; docs/api.md has the table).
enum class SubmissionAction { kEdit, kTurnIn, kReclaim, kReturn };
bool is_submission_state(std::string_view state);
// The state `action` leads to from `state`, or nullopt when that transition
// is not allowed (answered 409).
std::optional<std::string_view> next_state(std::string_view state, SubmissionAction action);
// Turned in, for progress and lateness: TURNED_IN or RETURNED. (Whether work
// is late is computed in SQL, stores/rules.hpp's kLate, to filter lists by it.)
bool is_turned_in(std::string_view state);

// Whether a student sees coursework in `state` given to `assignees` (nullopt:
// to every student): published work given to them. Lists served from memory
// use this; stores/rules.hpp's given_to states the same rule for SQL.
bool visible_to_student(std::string_view state,
                        const std::optional<std::vector<std::string>>& assignees,
                        std::string_view student);

// Join codes: 7 characters without vowels or look-alikes (0/O, 1/I/L).
inline constexpr std::string_view kJoinCodeAlphabet = "23456789BCDFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kJoinCodeLength = 7;
std::string new_join_code();
// Upper-cased and checked; nullopt for anything that cannot be a code.
std::optional<std::string> normalize_join_code(std::string_view code);

// Points are kept in hundredths: two decimals, summed exactly.
// nullopt for a negative, non-finite or over-precise number.
std::optional<std::int64_t> to_hundredths(double points);
// 100 × earned / possible rounded to two decimals; nullopt when nothing is possible.
std::optional<double> percentage(std::int64_t earned, std::int64_t possible);
using core::points_text;  // core/text.hpp

// Whether an invitation to `invited` is addressed to a caller with
// `caller_email`: equal under core::normalize_email, the rule invitations are
// stored under; never when either is not an address. Whatever an invitee does
// with an invitation also needs the caller's address verified
// (handlers/invitations.cpp).
bool is_invited_address(std::string_view invited, std::string_view caller_email);

// A user's name until they choose one (user.registered brings it): their
// e-mail address's local part, or "user".
std::string name_from_email(std::string_view email);

// An RFC 3339 time as UTC with milliseconds, or nullopt when it is malformed
// or outside 1970-2199 (the years a course can mean; beyond them lie typos and
// values PostgreSQL or the clock cannot hold).
std::optional<std::string> utc_time(std::string_view text);
// The same for a request's `field`: an invalid-field error (422) otherwise.
std::string time_field(std::string_view field, std::string_view value);

// The start of a post for notifications: at most 200 bytes, cut between
// UTF-8 characters, with an ellipsis when cut.
std::string excerpt(std::string_view text);

using core::csv_field;  // core/text.hpp

// An absolute http(s) URL with a host, for links and materials.
bool is_web_url(std::string_view url);

}  // namespace classroom::api
