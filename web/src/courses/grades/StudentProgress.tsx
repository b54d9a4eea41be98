import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { progressQuery } from "../../api/courses";
import { useUser } from "../../auth/RequireAuth";
import { chartData } from "../../lib/chart";
import { formatPercent, formatPoints, stateName } from "../../lib/grades";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { Empty, Loading } from "../../ui/Page";
import { useCourseId } from "../CourseLayout";
import { GradeChart } from "./GradeChart";

/** A student's own standing in the course: counts, points, every item, and a chart over the term. */
export function StudentProgress() {
  const courseId = useCourseId();
  const user = useUser();
  const progress = useQuery(progressQuery(courseId, user.id));
  if (progress.isPending) {
    return <Loading what="your grades" />;
  }
  if (progress.isError) {
    return <ErrorNotice error={progress.error} onRetry={() => void progress.refetch()} />;
  }
  const data = progress.data;
  return (
    <>
      <section aria-labelledby="overall-heading" className="card">
        <h2 id="overall-heading">Overall</h2>
        <p className="overall">
          {data.percentage === null ? (
            "Nothing graded yet."
          ) : (
            <>
              <strong>{formatPercent(data.percentage)}</strong> ({formatPoints(data.pointsEarned)} of{" "}
              {formatPoints(data.pointsPossible)} points)
            </>
          )}
        </p>
        <dl className="counts">
          <div>
            <dt>Assigned</dt>
            <dd>{data.assigned}</dd>
          </div>
          <div>
            <dt>Turned in</dt>
            <dd>{data.turnedIn}</dd>
          </div>
          <div>
            <dt>Late</dt>
            <dd>{data.late}</dd>
          </div>
          <div>
            <dt>Missing</dt>
            <dd>{data.missing}</dd>
          </div>
          <div>
            <dt>Graded</dt>
            <dd>{data.graded}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="chart-heading" className="card">
        <h2 id="chart-heading">Your grades over the term</h2>
        <GradeChart data={chartData(data)} />
      </section>
      <section aria-labelledby="items-heading" className="card">
        <h2 id="items-heading">Your work</h2>
        {data.items.length === 0 ? (
          <Empty>No work is given to you yet.</Empty>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Work</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">Grade</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <Link to={`/courses/${courseId}/${item.kind === "exam" ? "exams" : "coursework"}/${item.id}`}>
                        {item.title}
                      </Link>
                    </th>
                    <td>{item.kind === "coursework" && item.dueAt ? formatDateTime(item.dueAt) : ""}</td>
                    <td>
                      {item.kind === "exam" ? (
                        "Exam result"
                      ) : (
                        <>
                          {stateName(item.state)}
                          {item.missing ? (
                            <span className="badge badge-missing">Missing</span>
                          ) : item.late ? (
                            <span className="badge badge-late">Late</span>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td>
                      {item.assignedGrade === null ? (
                        <span className="muted">{item.maxPoints === null ? "Ungraded" : "Not graded yet"}</span>
                      ) : (
                        `${formatPoints(item.assignedGrade)}/${formatPoints(item.maxPoints)}`
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
