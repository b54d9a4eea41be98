#pragma once

#include "core/pg/sql.hpp"
#include "core/pg/store.hpp"
#include "services/exams/model.hpp"

// An attempt's columns and how a row becomes an Attempt, for every store
// that reads attempts (the table is aliased `a`). Include in stores only.
namespace classroom::exams::attempt_rows {

inline constexpr core::pg::Sql kColumns = core::pg::join<
    "a.id::text AS id, a.exam_id::text AS exam_id, a.course_id::text AS course_id, "
    "a.student_id::text AS student_id, a.number, a.state, ",
    core::pg::utc<"a.started_at">, " AS started_at, ", core::pg::utc<"a.deadline">,
    " AS deadline, ", core::pg::utc<"a.submitted_at">,
    " AS submitted_at, a.questions::text AS questions, ", core::pg::hundredths<"a.max_points">,
    " AS max_points, ", core::pg::hundredths<"a.score">,
    " AS score, a.per_question::text AS per_question, ", core::pg::utc<"a.graded_at">,
    " AS graded_at, ", core::pg::utc<"a.released_at">, " AS released_at, a.version">;

inline Attempt read(const core::pg::Columns& r, int row) {
  return Attempt{r.get<std::string>(row, "id"),
                 r.get<std::string>(row, "exam_id"),
                 r.get<std::string>(row, "course_id"),
                 r.get<std::string>(row, "student_id"),
                 r.get<int>(row, "number"),
                 r.get<std::string>(row, "state"),
                 r.get<std::string>(row, "started_at"),
                 r.get<std::optional<std::string>>(row, "deadline"),
                 r.get<std::optional<std::string>>(row, "submitted_at"),
                 r.get<std::string>(row, "questions"),
                 r.get<std::int64_t>(row, "max_points"),
                 r.get<std::optional<std::int64_t>>(row, "score"),
                 r.get<std::optional<std::string>>(row, "per_question"),
                 r.get<std::optional<std::string>>(row, "graded_at"),
                 r.get<std::optional<std::string>>(row, "released_at"),
                 r.get<std::int64_t>(row, "version")};
}

}  // namespace classroom::exams::attempt_rows
