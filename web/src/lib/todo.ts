import type { Progress, ProgressCourseworkItem } from "../api/courses";

export interface TodoItem {
  courseId: string;
  courseName: string;
  item: ProgressCourseworkItem;
  /** Missing: past due and not turned in. Otherwise due within the window. */
  missing: boolean;
}

const DONE = new Set(["TURNED_IN", "RETURNED"]);

/**
 * A student's to-do across courses: work past due and not turned in first
 * (oldest first), then work due within `windowDays` (soonest first). Work
 * without a due date, or turned in, is not on it.
 */
export function buildTodo(
  progress: { courseId: string; courseName: string; progress: Progress }[],
  now: number,
  windowDays = 7,
): TodoItem[] {
  const horizon = now + windowDays * 86_400_000;
  const missing: TodoItem[] = [];
  const soon: TodoItem[] = [];
  for (const { courseId, courseName, progress: p } of progress) {
    for (const item of p.items) {
      if (item.kind !== "coursework" || DONE.has(item.state) || item.dueAt === null) {
        continue;
      }
      const due = Date.parse(item.dueAt);
      if (item.missing || due < now) {
        missing.push({ courseId, courseName, item, missing: true });
      } else if (due <= horizon) {
        soon.push({ courseId, courseName, item, missing: false });
      }
    }
  }
  const byDue = (a: TodoItem, b: TodoItem) => Date.parse(a.item.dueAt ?? "") - Date.parse(b.item.dueAt ?? "");
  return [...missing.sort(byDue), ...soon.sort(byDue)];
}
