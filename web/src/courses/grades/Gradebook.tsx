import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link } from "react-router";
import { coursework, submissionsQuery, type Submission } from "../../api/coursework";
import { gradebookQuery, type Gradebook as GradebookData, type GradebookItem } from "../../api/grades";
import { memberName } from "../../api/members";
import { formatPercent, formatPoints, stateName, summarizeResults, type ResultSummary } from "../../lib/grades";
import { withItem } from "../../lib/lists";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SelectField } from "../../ui/Field";
import { Empty, Loading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { ReturnResults } from "../coursework/ReturnResults";
import { DownloadCsv } from "./DownloadCsv";
import { focusCell, GradeInput } from "./GradeInput";
import { useGradeSaving } from "./useGradeSaving";

/**
 * Every student × every graded item. Assignment cells take a draft grade typed
 * in place (the submissions are read too, for the drafts the gradebook does
 * not carry); exam cells show the released points.
 */
export function Gradebook() {
  const courseId = useCourseId();
  const book = useQuery(gradebookQuery(courseId));
  const assignments = (book.data?.items ?? []).filter((item) => item.kind === "coursework");
  const work = useQueries({ queries: assignments.map((item) => submissionsQuery(courseId, item.id)) });

  // The cells become inputs only with their submissions: wait for all, so nothing changes under the teacher's hands.
  if (book.isPending || work.some((w) => w.isPending)) {
    return <Loading what="the gradebook" />;
  }
  if (book.isError) {
    return <ErrorNotice error={book.error} onRetry={() => void book.refetch()} />;
  }
  const failed = work.find((w) => w.isError);
  const submissions = new Map<string, Submission>();
  assignments.forEach((item, i) => {
    for (const s of work[i]?.data ?? []) {
      submissions.set(`${s.studentId}:${item.id}`, s);
    }
  });
  return (
    <>
      <DownloadCsv />
      {failed ? <ErrorNotice error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      {book.data.students.length === 0 ? (
        <Empty>No student is in this course yet.</Empty>
      ) : book.data.items.length === 0 ? (
        <Empty>Nothing is graded yet: assignments with points appear here once published.</Empty>
      ) : (
        <GradeTable book={book.data} submissions={submissions} />
      )}
    </>
  );
}

function GradeTable({ book, submissions }: { book: GradebookData; submissions: Map<string, Submission> }) {
  const courseId = useCourseId();
  const archived = useCourse().course.state === "ARCHIVED";
  const grading = useGradeSaving(courseId);
  const table = useRef<HTMLTableElement>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  function toggle(studentId: string, on: boolean) {
    setSelected(withItem(selected, studentId, on));
  }

  return (
    <>
      {archived ? null : (
        <ReturnSelected
          book={book}
          selected={selected}
          beforeReturn={grading.settled}
          onDone={() => setSelected(new Set())}
        />
      )}
      <p className="muted">
        Type a draft grade and press Enter or leave the cell to save it; students see it once you return their work.
      </p>
      <div className="table-scroll">
        <table ref={table} className="gradebook">
          <caption className="visually-hidden">Gradebook: students in rows, graded work in columns</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select every student"
                  checked={selected.size === book.students.length}
                  onChange={(e) =>
                    setSelected(e.target.checked ? new Set(book.students.map((s) => s.userId)) : new Set())
                  }
                />
              </th>
              <th scope="col">Student</th>
              {book.items.map((item) => (
                <th scope="col" key={item.id}>
                  <ItemHeading item={item} />
                </th>
              ))}
              <th scope="col">Total</th>
              <th scope="col">Percentage</th>
            </tr>
          </thead>
          <tbody>
            {book.students.map((student, row) => {
              const name = memberName(student, student.userId);
              return (
                <tr key={student.userId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${name}`}
                      checked={selected.has(student.userId)}
                      onChange={(e) => toggle(student.userId, e.target.checked)}
                    />
                  </td>
                  <th scope="row">{name}</th>
                  {book.items.map((item, column) => {
                    const cell = student.grades.find((g) => g.itemId === item.id);
                    const submission = submissions.get(`${student.userId}:${item.id}`);
                    if (item.kind === "exam" || !submission) {
                      return (
                        <td key={item.id}>
                          {cell?.points === null || cell?.points === undefined ? (
                            <span className="muted">{item.kind === "exam" ? "No result" : "—"}</span>
                          ) : (
                            `${formatPoints(cell.points)}/${formatPoints(item.maxPoints)}`
                          )}
                        </td>
                      );
                    }
                    const draft = submission.draftGrade ?? null;
                    const key = `${student.userId}:${item.id}`;
                    return (
                      <td key={item.id}>
                        <GradeInput
                          key={key}
                          label={`${item.title}, ${name}: draft grade`}
                          maxPoints={item.maxPoints}
                          saved={draft}
                          disabled={archived}
                          status={grading.status[key]}
                          cell={`${row}:${column}`}
                          onEnter={() => focusCell(table.current, row + 1, column)}
                          onCommit={(value) =>
                            void grading.save(key, {
                              cwId: item.id,
                              studentId: student.userId,
                              subId: submission.id,
                              value,
                            })
                          }
                        />
                        <span className="cell-note">{cellNote(submission, cell?.points ?? null)}</span>
                      </td>
                    );
                  })}
                  <td>
                    {formatPoints(student.pointsEarned)}/{formatPoints(student.pointsPossible)}
                  </td>
                  <td>
                    {student.percentage === null ? (
                      <span className="muted">None</span>
                    ) : (
                      formatPercent(student.percentage)
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ItemHeading({ item }: { item: GradebookItem }) {
  const courseId = useCourseId();
  return (
    <>
      {item.kind === "coursework" ? (
        <Link to={`/courses/${courseId}/coursework/${item.id}`}>{item.title}</Link>
      ) : (
        <Link to={`/courses/${courseId}/exams/${item.id}`}>{item.title}</Link>
      )}
      <span className="cell-note">
        {item.kind === "exam" ? "Exam, " : ""}out of {formatPoints(item.maxPoints)}
      </span>
    </>
  );
}

/** Returns one assignment's work to the selected students at once, with each one's result. */
function ReturnSelected({
  book,
  selected,
  beforeReturn,
  onDone,
}: {
  book: GradebookData;
  selected: Set<string>;
  /** Waits for the grades being saved, so that the return includes them. */
  beforeReturn: () => Promise<void>;
  onDone: () => void;
}) {
  const courseId = useCourseId();
  const client = useQueryClient();
  const assignments = book.items.filter((item) => item.kind === "coursework");
  const [cwId, setCwId] = useState(assignments[0]?.id ?? "");
  const [summary, setSummary] = useState<ResultSummary | null>(null);
  const nameOf = (id: string) =>
    memberName(
      book.students.find((s) => s.userId === id),
      id,
    );
  const send = useMutation({
    mutationFn: async () => {
      await beforeReturn();
      return coursework.grade(
        courseId,
        cwId,
        [...selected].map((studentId) => ({ studentId, return: true })),
      );
    },
    onSuccess: (answer) => {
      setSummary(summarizeResults(answer.results, nameOf));
      onDone();
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ["course", courseId, "gradebook"] });
      void client.invalidateQueries({ queryKey: ["course", courseId, "coursework", cwId, "submissions"] });
    },
  });
  if (assignments.length === 0) {
    return null;
  }
  return (
    <form
      className="return-selected card"
      aria-label="Return work to the selected students"
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
    >
      <SelectField label="Assignment to return" value={cwId} onChange={(e) => setCwId(e.target.value)}>
        {assignments.map((item) => (
          <option key={item.id} value={item.id}>
            {item.title}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="primary" disabled={selected.size === 0 || send.isPending}>
        Return to {selected.size} selected student{selected.size === 1 ? "" : "s"}
      </button>
      {send.isError ? <ErrorNotice error={send.error} /> : null}
      {summary ? <ReturnResults summary={summary} /> : null}
    </form>
  );
}

/** The state of a student's work, and the grade they see when it is not the draft typed here. */
function cellNote(submission: Submission, returned: number | null): string {
  const state = `${stateName(submission.state)}${submission.late ? ", late" : ""}`;
  return returned !== null && returned !== (submission.draftGrade ?? null)
    ? `${state}; the student sees ${formatPoints(returned)}`
    : state;
}
