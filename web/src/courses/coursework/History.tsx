import { type HistoryEntry, type Submission } from "../../api/coursework";
import { useMemberNames } from "../../api/members";
import { formatPoints, stateName } from "../../lib/grades";
import { formatDateTime } from "../../ui/format";
import { useCourseId } from "../CourseLayout";

function describe(entry: HistoryEntry, maxPoints: number | null): string {
  if ("state" in entry) {
    return stateName(entry.state);
  }
  const out = maxPoints === null ? "" : `/${formatPoints(maxPoints)}`;
  const kind = entry.gradeType === "DRAFT" ? "Draft grade" : "Grade";
  return entry.grade === null ? `${kind} removed` : `${kind} ${formatPoints(entry.grade)}${out}`;
}

/** Who did what to a submission, oldest first. */
export function History({ submission, maxPoints }: { submission: Submission; maxPoints: number | null }) {
  const courseId = useCourseId();
  const { nameOf } = useMemberNames(courseId);
  if (submission.history.length === 0) {
    return null;
  }
  return (
    <details className="history">
      <summary>History</summary>
      <ol>
        {submission.history.map((entry, i) => (
          <li key={`${entry.at}-${i}`}>
            {describe(entry, maxPoints)}{" "}
            <span className="muted">
              by {nameOf(entry.actorId)}, {formatDateTime(entry.at)}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}
