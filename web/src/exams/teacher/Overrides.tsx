import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { exams, overridesQuery, removeFromPages, type Override } from "../../api/exams";
import { useMemberNames } from "../../api/members";
import { mapFieldErrors } from "../../lib/forms";
import { parseNumber } from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";
import { formatDateTime, fromLocalInput, toLocalInput } from "../../ui/format";
import { Empty, Loading } from "../../ui/Page";
import { useExam } from "./ExamLayout";
import { StudentSelect } from "./StudentSelect";

/** One student's own times and attempts for this exam. */
export default function Overrides() {
  const { courseId, exam } = useExam();
  const client = useQueryClient();
  const list = useQuery(overridesQuery(courseId, exam.id));
  const students = useMemberNames(courseId);
  const [editing, setEditing] = useState<Override | null>(null);
  const remove = useMutation({
    mutationFn: (studentId: string) => exams.removeOverride(exam.id, studentId),
    onMutate: (studentId) =>
      removeFromPages<Override>(client, overridesQuery(courseId, exam.id).queryKey, (o) => o.studentId === studentId),
    onError: (_error, _studentId, rollback) => rollback?.(),
    onSettled: () => void client.invalidateQueries({ queryKey: overridesQuery(courseId, exam.id).queryKey }),
  });
  const name = (id: string) => students.nameOf(id);
  return (
    <section aria-labelledby="overrides-heading">
      <h2 id="overrides-heading">Student overrides</h2>
      <p className="muted">
        Times, attempts or a time limit for one student in this exam (a make-up, a retake). Extra time in every exam is
        set under the course's accommodations.
      </p>
      {list.isPending ? (
        <Loading what="the overrides" />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>No student has an override.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Opens</th>
              <th scope="col">Closes</th>
              <th scope="col">Attempts</th>
              <th scope="col">Time limit</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((o) => (
              <tr key={o.studentId}>
                <th scope="row">{name(o.studentId)}</th>
                <td>{o.opensAt ? formatDateTime(o.opensAt) : "As the exam"}</td>
                <td>{o.closesAt ? formatDateTime(o.closesAt) : "As the exam"}</td>
                <td>{o.maxAttempts ?? "As the exam"}</td>
                <td>{o.timeLimitMinutes ? `${o.timeLimitMinutes} min` : "As the exam"}</td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() => setEditing(o)}
                    aria-label={`Change the override of ${name(o.studentId)}`}
                  >
                    Change
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => remove.mutate(o.studentId)}
                    disabled={remove.isPending}
                    aria-label={`Remove the override of ${name(o.studentId)}`}
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
      <OverrideForm key={editing?.studentId ?? "new"} initial={editing} onDone={() => setEditing(null)} />
    </section>
  );
}

function OverrideForm({ initial, onDone }: { initial: Override | null; onDone: () => void }) {
  const { courseId, exam } = useExam();
  const client = useQueryClient();
  const students = useMemberNames(courseId);
  const [studentId, setStudentId] = useState(initial?.studentId ?? "");
  const [opensAt, setOpensAt] = useState(toLocalInput(initial?.opensAt));
  const [closesAt, setClosesAt] = useState(toLocalInput(initial?.closesAt));
  const [maxAttempts, setMaxAttempts] = useState(initial?.maxAttempts ? String(initial.maxAttempts) : "");
  const [limit, setLimit] = useState(initial?.timeLimitMinutes ? String(initial.timeLimitMinutes) : "");
  const save = useMutation({
    mutationFn: () =>
      exams.putOverride(exam.id, studentId, {
        opensAt: fromLocalInput(opensAt),
        closesAt: fromLocalInput(closesAt),
        maxAttempts: maxAttempts.trim() ? parseNumber(maxAttempts) : null,
        timeLimitMinutes: limit.trim() ? parseNumber(limit) : null,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: overridesQuery(courseId, exam.id).queryKey });
      onDone();
    },
  });
  const errors = mapFieldErrors(save.error, ["opensAt", "closesAt", "maxAttempts", "timeLimitMinutes"]);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="override-form-heading" className="card">
      <h3 id="override-form-heading">{initial ? "Change an override" : "Add an override"}</h3>
      {students.query.isError ? (
        <ErrorNotice error={students.query.error} onRetry={() => void students.query.refetch()} />
      ) : null}
      <StudentSelect students={students.students} value={studentId} onChange={setStudentId} />
      <div className="field-row">
        <TextField
          label="Opens for them"
          type="datetime-local"
          value={opensAt}
          onChange={(e) => setOpensAt(e.target.value)}
          error={errors.fields.opensAt}
        />
        <TextField
          label="Closes for them"
          type="datetime-local"
          value={closesAt}
          onChange={(e) => setClosesAt(e.target.value)}
          error={errors.fields.closesAt}
        />
        <TextField
          label="Attempts allowed"
          inputMode="numeric"
          value={maxAttempts}
          onChange={(e) => setMaxAttempts(e.target.value)}
          error={errors.fields.maxAttempts}
        />
        <TextField
          label="Time limit (minutes)"
          inputMode="numeric"
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          error={errors.fields.timeLimitMinutes}
        />
      </div>
      <p className="field-hint">Empty fields keep the exam's own value.</p>
      {save.isError ? <ErrorNotice key={save.submittedAt} error={save.error} others={errors.others} /> : null}
      {save.isSuccess ? (
        <p className="notice notice-success" role="status">
          Override saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || studentId === ""}>
          Save override
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
