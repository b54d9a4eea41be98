import { describe, expect, it } from "vitest";
import type { Progress, ProgressCourseworkItem } from "../api/courses";
import { buildTodo } from "./todo";

const now = Date.parse("2026-12-05T12:00:00Z");

function work(id: string, dueAt: string | null, state: ProgressCourseworkItem["state"] = "NEW", missing = false) {
  return {
    kind: "coursework",
    id,
    title: id,
    dueAt,
    maxPoints: 10,
    state,
    late: missing,
    missing,
    assignedGrade: null,
  } as const;
}

function progress(items: Progress["items"]): Progress {
  return {
    courseId: "c",
    studentId: "s",
    assigned: items.length,
    turnedIn: 0,
    late: 0,
    missing: 0,
    graded: 0,
    pointsEarned: 0,
    pointsPossible: 0,
    percentage: null,
    items,
  };
}

describe("buildTodo", () => {
  it("lists missing work first, then work due within the window, each by due date", () => {
    const todo = buildTodo(
      [
        {
          courseId: "c",
          courseName: "Physics",
          progress: progress([
            work("soon-later", "2026-12-09T12:00:00Z"),
            work("missing-recent", "2026-12-04T12:00:00Z", "CREATED", true),
            work("soon-first", "2026-12-06T08:00:00Z"),
            work("missing-old", "2026-11-20T12:00:00Z", "NEW", true),
          ]),
        },
      ],
      now,
    );
    expect(todo.map((t) => [t.item.id, t.missing])).toEqual([
      ["missing-old", true],
      ["missing-recent", true],
      ["soon-first", false],
      ["soon-later", false],
    ]);
  });

  it("leaves out turned-in work, work without a due date and work due after the window", () => {
    const todo = buildTodo(
      [
        {
          courseId: "c",
          courseName: "Physics",
          progress: progress([
            work("done", "2026-12-06T12:00:00Z", "TURNED_IN"),
            work("returned", "2026-11-06T12:00:00Z", "RETURNED"),
            work("undated", null),
            work("far", "2026-12-30T12:00:00Z"),
            { kind: "exam", id: "exam", title: "Exam", maxPoints: 10, assignedGrade: 5 },
          ]),
        },
      ],
      now,
    );
    expect(todo).toEqual([]);
  });

  it("counts work reclaimed by the student as still to do", () => {
    const todo = buildTodo(
      [
        {
          courseId: "c",
          courseName: "P",
          progress: progress([work("r", "2026-12-07T12:00:00Z", "RECLAIMED_BY_STUDENT")]),
        },
      ],
      now,
    );
    expect(todo).toHaveLength(1);
  });
});
