#pragma once

#include "core/pg/sql.hpp"

// Domain rules in the SQL form that lists need to filter and count by them;
// domain.hpp states the same rules for values in memory.
namespace classroom::api::stores {

// Whether coursework `cw` is given to `student`: to all students, or to a
// list naming them.
template <core::pg::Sql student>
inline constexpr auto given_to =  // NOLINT(readability-identifier-naming): a compile-time function
    core::pg::join<"(cw.assignees IS NULL OR ", student, " = ANY(cw.assignees))">;

// Whether submission `s` counts as turned in (is_turned_in): TURNED_IN or RETURNED.
inline constexpr core::pg::Sql kTurnedIn = "s.state IN ('TURNED_IN', 'RETURNED')";

// Whether submission `s` of coursework `cw` is late (docs/api.md): turned in
// after the due date, or not turned in and past it.
inline constexpr core::pg::Sql kLate =
    core::pg::join<"(cw.due_at IS NOT NULL AND CASE WHEN ", kTurnedIn,
                   " THEN coalesce(s.turned_in_at > cw.due_at, false) ELSE now() > cw.due_at END)">;

}  // namespace classroom::api::stores
