import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { courseworkQuery } from "../../api/coursework";
import { formatPoints } from "../../lib/grades";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { Loading, PageHeading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { CourseworkComments } from "./CourseworkComments";
import { StudentSubmission } from "./StudentSubmission";
import { TeacherSubmissions } from "./TeacherSubmissions";
import { OutboundLink } from "../../ui/OutboundLink";

/** One piece of coursework: the work itself, then the student's own work or every student's, then comments. */
export default function CourseworkPage() {
  const courseId = useCourseId();
  const { cwId = "" } = useParams();
  const { teacher } = useCourse();
  const work = useQuery(courseworkQuery(courseId, cwId));

  if (work.isPending) {
    return <Loading what="the coursework" />;
  }
  if (work.isError) {
    return <ErrorNotice error={work.error} onRetry={() => void work.refetch()} />;
  }
  const item = work.data;
  const assignment = item.workType === "ASSIGNMENT";
  return (
    <article className="coursework">
      <p>
        <Link to={`/courses/${courseId}/classwork`}>Back to classwork</Link>
      </p>
      <PageHeading title={item.title}>{item.title}</PageHeading>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{assignment ? "Assignment" : "Material"}</dd>
        {assignment ? (
          <>
            <dt>Points</dt>
            <dd>{item.maxPoints === null ? "Ungraded" : formatPoints(item.maxPoints)}</dd>
            <dt>Due</dt>
            <dd>{item.dueAt ? formatDateTime(item.dueAt) : "No due date"}</dd>
          </>
        ) : null}
        {item.state === "DRAFT" ? (
          <>
            <dt>State</dt>
            <dd>Draft: students do not see it yet</dd>
          </>
        ) : null}
      </dl>
      {item.description ? <p className="coursework-description">{item.description}</p> : null}
      {item.materials.length > 0 ? (
        <section aria-labelledby="materials-heading">
          <h2 id="materials-heading">Materials</h2>
          <ul>
            {item.materials.map((link) => (
              <li key={link.url}>
                <OutboundLink url={link.url} title={link.title} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {assignment && item.state === "PUBLISHED" ? (
        teacher ? (
          <TeacherSubmissions work={item} />
        ) : (
          <StudentSubmission work={item} />
        )
      ) : null}
      <CourseworkComments cwId={cwId} />
    </article>
  );
}
