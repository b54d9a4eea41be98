import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { exams, overridesQuery, useRemoveForStudent, type Override } from "../../api/exams";
import { useMemberNames } from "../../api/members";
import { mapFieldErrors } from "../../lib/forms";
import { parseNumber } from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";
import { formatDateTime, fromLocalInput, toLocalInput } from "../../ui/format";
import { Empty, Loading } from "../../ui/Page";
import { PerStudentForm, PerStudentTable } from "../../ui/PerStudent";
import { useExam } from "./ExamLayout";

const AS_THE_EXAM = "As the exam";

/** One student's own times and attempts for this exam. */
export default function Overrides() {
  const { courseId, exam } = useExam();
  const list = useQuery(overridesQuery(courseId, exam.id));
  const students = useMemberNames(courseId);
  const [editing, setEditing] = useState<Override | null>(null);
  const remove = useRemoveForStudent<Override>(overridesQuery(courseId, exam.id).queryKey, (studentId) =>
    exams.removeOverride(exam.id, studentId),
  );
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
        <PerStudentTable
          items={list.data.items}
          what="override"
          columns={[
            { heading: "Opens", cell: (o) => (o.opensAt ? formatDateTime(o.opensAt) : AS_THE_EXAM) },
            { heading: "Closes", cell: (o) => (o.closesAt ? formatDateTime(o.closesAt) : AS_THE_EXAM) },
            { heading: "Attempts", cell: (o) => o.maxAttempts ?? AS_THE_EXAM },
            { heading: "Time limit", cell: (o) => (o.timeLimitMinutes ? `${o.timeLimitMinutes} min` : AS_THE_EXAM) },
          ]}
          nameOf={students.nameOf}
          onChange={setEditing}
          onRemove={(studentId) => remove.mutate(studentId)}
          removing={remove.isPending}
        />
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
  return (
    <PerStudentForm
      what="override"
      heading={initial ? "Change an override" : "Add an override"}
      headingLevel={3}
      editing={initial !== null}
      students={students.students}
      studentsError={
        students.query.isError ? (
          <ErrorNotice error={students.query.error} onRetry={() => void students.query.refetch()} />
        ) : null
      }
      studentId={studentId}
      onStudent={setStudentId}
      save={save}
      others={errors.others}
      onSave={() => save.mutate()}
      onCancel={onDone}
    >
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
    </PerStudentForm>
  );
}
