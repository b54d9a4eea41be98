import { Link } from "react-router";
import type { Exam, ExamState } from "../api/exams";
import { formatDateTime } from "../ui/format";
import { Empty } from "../ui/Page";

const STATE_HEADINGS: Record<ExamState, string> = {
  DRAFT: "Drafts",
  PUBLISHED: "Published",
  CLOSED: "Closed",
};

/** When an exam can be taken, in words. */
export function examWindow(exam: Pick<Exam, "opensAt" | "closesAt" | "timeLimitMinutes">): string {
  const opens = exam.opensAt ? `Opens ${formatDateTime(exam.opensAt)}` : "Open once published";
  const closes = exam.closesAt ? `closes ${formatDateTime(exam.closesAt)}` : "no close time";
  const limit = exam.timeLimitMinutes ? `${exam.timeLimitMinutes} min time limit` : "no time limit";
  return `${opens}, ${closes} · ${limit}`;
}

/**
 * A course's exams: for teachers every exam grouped by state, for students
 * the published and closed ones. Each links to the exam's page.
 */
export function ExamList({ courseId, exams, teacher }: { courseId: string; exams: Exam[]; teacher: boolean }) {
  const states: ExamState[] = teacher ? ["DRAFT", "PUBLISHED", "CLOSED"] : ["PUBLISHED", "CLOSED"];
  const shown = exams.filter((exam) => states.includes(exam.state));
  if (shown.length === 0) {
    return <Empty>{teacher ? "No exam yet. Create the first one." : "No exam has been published yet."}</Empty>;
  }
  return (
    <>
      {states.map((state) => {
        const group = shown.filter((exam) => exam.state === state);
        if (group.length === 0) {
          return null;
        }
        return (
          <section key={state} aria-labelledby={`exams-${state}`} className="exam-group">
            <h2 id={`exams-${state}`}>
              {state === "PUBLISHED" && !teacher ? "Open and upcoming" : STATE_HEADINGS[state]} ({group.length})
            </h2>
            <ul className="exam-list">
              {group.map((exam) => (
                <li key={exam.id} className="card">
                  <h3>
                    <Link to={`/courses/${courseId}/exams/${exam.id}`}>{exam.title}</Link>
                  </h3>
                  <p className="muted">{examWindow(exam)}</p>
                  <p className="muted">
                    {exam.questionCount} question{exam.questionCount === 1 ? "" : "s"} · {exam.maxPoints} points ·{" "}
                    {exam.maxAttempts} attempt{exam.maxAttempts === 1 ? "" : "s"}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
