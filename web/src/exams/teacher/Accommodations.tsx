import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { accommodations, accommodationsQuery, removeFromPages, type Accommodation } from "../../api/exams";
import { useMemberNames, type Member } from "../../api/members";
import { useCourse, useCourseId } from "../../courses/CourseLayout";
import { mapFieldErrors } from "../../lib/forms";
import { parseNumber } from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { StudentSelect } from "./StudentSelect";

/** Each student's extra time in every exam of the course. */
export default function Accommodations() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const client = useQueryClient();
  const list = useQuery({ ...accommodationsQuery(courseId), enabled: teacher });
  const students = useMemberNames(courseId);
  const [editing, setEditing] = useState<Accommodation | null>(null);
  const remove = useMutation({
    mutationFn: (studentId: string) => accommodations.remove(courseId, studentId),
    onMutate: (studentId) =>
      removeFromPages<Accommodation>(client, accommodationsQuery(courseId).queryKey, (a) => a.studentId === studentId),
    onError: (_error, _studentId, rollback) => rollback?.(),
    onSettled: () => void client.invalidateQueries({ queryKey: accommodationsQuery(courseId).queryKey }),
  });
  const name = (id: string) => students.nameOf(id);
  return (
    <section>
      <p>
        <Link to={`/courses/${courseId}/exams`}>← All exams</Link>
      </p>
      <PageHeading title={`Accommodations · ${course.name}`}>Accommodations</PageHeading>
      <p className="muted">
        Extra time for a student in every exam of this course, present and future. Attempts in progress get the new
        deadline at once; none ends sooner than it was.
      </p>
      {!teacher ? (
        <p className="notice notice-info">Only the course's teachers set accommodations.</p>
      ) : list.isPending ? (
        <Loading what="the accommodations" />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>No student has an accommodation.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Time multiplier</th>
              <th scope="col">Extra minutes</th>
              <th scope="col">Past the close time</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <tr key={a.studentId}>
                <th scope="row">{name(a.studentId)}</th>
                <td>× {a.timeMultiplier}</td>
                <td>{a.extraMinutes}</td>
                <td>{a.extendPastClose ? "May go past it" : "Ends at it"}</td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() => setEditing(a)}
                    aria-label={`Change the accommodation of ${name(a.studentId)}`}
                  >
                    Change
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => remove.mutate(a.studentId)}
                    disabled={remove.isPending}
                    aria-label={`Remove the accommodation of ${name(a.studentId)}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {remove.isError ? <ErrorNotice key={remove.submittedAt} error={remove.error} /> : null}
      {teacher ? (
        <AccommodationForm
          key={editing?.studentId ?? "new"}
          courseId={courseId}
          students={students.students}
          initial={editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

function AccommodationForm({
  courseId,
  students,
  initial,
  onDone,
}: {
  courseId: string;
  students: Member[];
  initial: Accommodation | null;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const [studentId, setStudentId] = useState(initial?.studentId ?? "");
  const [multiplier, setMultiplier] = useState(String(initial?.timeMultiplier ?? 1));
  const [extra, setExtra] = useState(String(initial?.extraMinutes ?? 0));
  const [pastClose, setPastClose] = useState(initial?.extendPastClose ?? false);
  const save = useMutation({
    mutationFn: () =>
      accommodations.put(courseId, studentId, {
        timeMultiplier: parseNumber(multiplier),
        extraMinutes: parseNumber(extra || "0"),
        extendPastClose: pastClose,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: accommodationsQuery(courseId).queryKey });
      onDone();
    },
  });
  const errors = mapFieldErrors(save.error, ["timeMultiplier", "extraMinutes", "extendPastClose"]);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="accommodation-form-heading" className="card">
      <h2 id="accommodation-form-heading">{initial ? "Change an accommodation" : "Add an accommodation"}</h2>
      <StudentSelect students={students} value={studentId} onChange={setStudentId} />
      <div className="field-row">
        <TextField
          label="Time multiplier"
          inputMode="decimal"
          hint="1 to 5, e.g. 1.5 for time and a half."
          value={multiplier}
          onChange={(e) => setMultiplier(e.target.value)}
          error={errors.fields.timeMultiplier}
        />
        <TextField
          label="Extra minutes"
          inputMode="numeric"
          value={extra}
          onChange={(e) => setExtra(e.target.value)}
          error={errors.fields.extraMinutes}
        />
      </div>
      <label className="inline-check">
        <input type="checkbox" checked={pastClose} onChange={(e) => setPastClose(e.target.checked)} />
        The extra time may go past an exam's close time
      </label>
      {save.isError ? <ErrorNotice key={save.submittedAt} error={save.error} others={errors.others} /> : null}
      {save.isSuccess ? (
        <p className="notice notice-success" role="status">
          Accommodation saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || studentId === ""}>
          Save accommodation
        </button>
        {initial ? (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
