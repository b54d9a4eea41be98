import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useRef, useState } from "react";
import { useParams } from "react-router";
import type { Coursework } from "../../api/classwork";
import { coursework, submissionsQuery, type Submission } from "../../api/coursework";
import { useMemberNames } from "../../api/members";
import { formatPoints, stateName, summarizeResults, type ResultSummary } from "../../lib/grades";
import { withItem } from "../../lib/lists";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { Empty, Loading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { focusCell, GradeInput } from "../grades/GradeInput";
import { useGradeSaving } from "../grades/useGradeSaving";
import { History } from "./History";
import { LinkList } from "./StudentSubmission";
import { ReturnResults } from "./ReturnResults";

/** Every student's work on an assignment, for its teachers: read, grade, return one or many. */
export function TeacherSubmissions({ work }: { work: Coursework }) {
  const courseId = useCourseId();
  const archived = useCourse().course.state === "ARCHIVED";
  const client = useQueryClient();
  const list = useQuery(submissionsQuery(courseId, work.id));
  const members = useMemberNames(courseId);
  const grading = useGradeSaving(courseId);
  const table = useRef<HTMLTableElement>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // A notification of a turned-in submission links to it: it opens already.
  const { subId } = useParams();
  const [open, setOpen] = useState<string | null>(subId ?? null);
  const [summary, setSummary] = useState<ResultSummary | null>(null);

  const { nameOf } = members;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: submissionsQuery(courseId, work.id).queryKey });
    void client.invalidateQueries({ queryKey: ["course", courseId, "gradebook"] });
    void client.invalidateQueries({ queryKey: ["course", courseId, "progress"] });
  };
  const returnMany = useMutation({
    mutationFn: async (studentIds: string[]) => {
      await grading.settled();
      return coursework.grade(
        courseId,
        work.id,
        studentIds.map((studentId) => ({ studentId, return: true })),
      );
    },
    onSuccess: (answer) => {
      setSummary(summarizeResults(answer.results, nameOf));
      setSelected(new Set());
    },
    onSettled: refresh,
  });
  const returnOne = useMutation({
    mutationFn: async (submission: Submission) => {
      await grading.settled();
      return coursework.transition(courseId, work.id, submission.id, "return");
    },
    onSuccess: (answer) => {
      setSummary({ done: [nameOf(answer.data.studentId)], failed: [] });
      refresh();
    },
  });

  // Rows are ordered by name: they wait for the names.
  if (list.isPending || members.query.isPending) {
    return <Loading what="the students' work" />;
  }
  if (list.isError) {
    return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  }
  const rows = [...list.data].sort((a, b) => nameOf(a.studentId).localeCompare(nameOf(b.studentId)));
  const turnedIn = rows.filter((s) => s.state === "TURNED_IN").length;
  const returnable = rows.filter((s) => s.state !== "RETURNED");

  function toggle(studentId: string, on: boolean) {
    setSelected(withItem(selected, studentId, on));
  }

  return (
    <section aria-labelledby="student-work-heading" className="card">
      <h2 id="student-work-heading">Student work</h2>
      <p>
        {turnedIn} turned in · {rows.filter((s) => s.state === "RETURNED").length} returned · {rows.length} assigned
      </p>
      {members.query.isError ? (
        <ErrorNotice error={members.query.error} onRetry={() => void members.query.refetch()} />
      ) : null}
      {returnMany.isError ? <ErrorNotice error={returnMany.error} /> : null}
      {returnOne.isError ? <ErrorNotice error={returnOne.error} /> : null}
      {summary ? <ReturnResults summary={summary} /> : null}
      {rows.length === 0 ? (
        <Empty>No student has this assignment yet.</Empty>
      ) : (
        <>
          <div className="actions" hidden={archived}>
            <button
              type="button"
              className="primary"
              disabled={selected.size === 0 || returnMany.isPending}
              onClick={() => returnMany.mutate([...selected])}
            >
              Return selected ({selected.size})
            </button>
            <button
              type="button"
              disabled={returnable.length === 0}
              onClick={() => setSelected(new Set(returnable.map((s) => s.studentId)))}
            >
              Select all not returned
            </button>
          </div>
          <div className="table-scroll">
            <table ref={table} className="submissions">
              <caption className="visually-hidden">Each student's work, its state and grades</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Select</span>
                  </th>
                  <th scope="col">Student</th>
                  <th scope="col">State</th>
                  <th scope="col">Draft grade</th>
                  <th scope="col">Returned grade</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((submission, row) => {
                  const name = nameOf(submission.studentId);
                  const expanded = open === submission.id;
                  return (
                    <Fragment key={submission.id}>
                      <tr>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select ${name}`}
                            checked={selected.has(submission.studentId)}
                            onChange={(e) => toggle(submission.studentId, e.target.checked)}
                          />
                        </td>
                        <th scope="row">{name}</th>
                        <td>
                          {stateName(submission.state)}
                          {submission.late ? <span className="badge badge-late">Late</span> : null}
                        </td>
                        <td>
                          {work.maxPoints === null ? (
                            <span className="muted">Ungraded</span>
                          ) : (
                            <GradeInput
                              key={submission.id}
                              label={`Draft grade for ${name}`}
                              maxPoints={work.maxPoints}
                              saved={submission.draftGrade ?? null}
                              disabled={archived}
                              status={grading.status[submission.id]}
                              cell={`${row}:0`}
                              onEnter={() => focusCell(table.current, row + 1, 0)}
                              onCommit={(value) =>
                                void grading.save(submission.id, {
                                  cwId: work.id,
                                  studentId: submission.studentId,
                                  subId: submission.id,
                                  value,
                                })
                              }
                            />
                          )}
                        </td>
                        <td>
                          {submission.assignedGrade === null ? (
                            <span className="muted">None</span>
                          ) : (
                            `${formatPoints(submission.assignedGrade)}/${formatPoints(work.maxPoints)}`
                          )}
                        </td>
                        <td>
                          <div className="row-actions">
                            <button
                              type="button"
                              aria-expanded={expanded}
                              aria-controls={`work-${submission.id}`}
                              onClick={() => setOpen(expanded ? null : submission.id)}
                            >
                              {expanded ? "Close" : "Open"}
                              <span className="visually-hidden"> {name}'s work</span>
                            </button>
                            <button
                              type="button"
                              disabled={archived || submission.state === "RETURNED" || returnOne.isPending}
                              onClick={() => returnOne.mutate(submission)}
                            >
                              Return<span className="visually-hidden"> to {name}</span>
                            </button>
                          </div>
                        </td>
                      </tr>
                      {expanded ? (
                        <tr id={`work-${submission.id}`}>
                          <td colSpan={6}>
                            <OpenedWork submission={submission} maxPoints={work.maxPoints} name={name} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function OpenedWork({
  submission,
  maxPoints,
  name,
}: {
  submission: Submission;
  maxPoints: number | null;
  name: string;
}) {
  return (
    <div className="opened-work">
      <h3>{name}'s work</h3>
      {submission.turnedInAt ? (
        <p className="muted">
          Turned in {formatDateTime(submission.turnedInAt)}
          {submission.late ? " (late)" : ""}
        </p>
      ) : null}
      {submission.text ? <p className="preserve-lines">{submission.text}</p> : <p className="muted">No text.</p>}
      <LinkList links={submission.links} />
      <History submission={submission} maxPoints={maxPoints} />
    </div>
  );
}
