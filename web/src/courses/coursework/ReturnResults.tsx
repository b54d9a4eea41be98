import type { ResultSummary } from "../../lib/grades";

/** What a return did, per student: announced, and the failures told one by one. */
export function ReturnResults({ summary }: { summary: ResultSummary }) {
  return (
    <>
      {summary.done.length > 0 ? (
        <p className="notice notice-success" role="status">
          Returned to {summary.done.join(", ")}.
        </p>
      ) : null}
      {summary.failed.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">
            Not returned to {summary.failed.length} student{summary.failed.length === 1 ? "" : "s"}
          </p>
          <ul>
            {summary.failed.map((item) => (
              <li key={item.studentId}>
                {item.name}: {item.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
