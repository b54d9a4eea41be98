import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { accommodations, accommodationsQuery, useRemoveForStudent, type Accommodation } from "../../api/exams";
import { useMemberNames, type Member } from "../../api/members";
import { useCourse, useCourseId } from "../../courses/CourseLayout";
import { mapFieldErrors } from "../../lib/forms";
import { parseNumber } from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { PerStudentForm, PerStudentTable } from "../../ui/PerStudent";

/** Each student's extra time in every exam of the course. */
export default function Accommodations() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const list = useQuery({ ...accommodationsQuery(courseId), enabled: teacher });
  const students = useMemberNames(courseId);
  const [editing, setEditing] = useState<Accommodation | null>(null);
  const remove = useRemoveForStudent<Accommodation>(accommodationsQuery(courseId).queryKey, (studentId) =>
    accommodations.remove(courseId, studentId),
  );
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
        <PerStudentTable
          items={list.data.items}
          what="accommodation"
          columns={[
            { heading: "Time multiplier", cell: (a) => `× ${a.timeMultiplier}` },
            { heading: "Extra minutes", cell: (a) => a.extraMinutes },
            { heading: "Past the close time", cell: (a) => (a.extendPastClose ? "May go past it" : "Ends at it") },
          ]}
          nameOf={students.nameOf}
          onChange={setEditing}
          onRemove={(studentId) => remove.mutate(studentId)}
          removing={remove.isPending}
        />
      )}
      {remove.isError ? <ErrorNotice key={remove.submittedAt} error={remove.error} /> : null}
      {teacher ? (
        <AccommodationForm
          key={editing?.studentId ?? "new"}
          courseId={courseId}
          students={students.students}
          studentsError={
            students.query.isError ? (
              <ErrorNotice error={students.query.error} onRetry={() => void students.query.refetch()} />
            ) : null
          }
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
  studentsError,
  initial,
  onDone,
}: {
  courseId: string;
  students: Member[];
  studentsError: ReactNode;
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
  return (
    <PerStudentForm
      what="accommodation"
      heading={initial ? "Change an accommodation" : "Add an accommodation"}
      headingLevel={2}
      editing={initial !== null}
      students={students}
      studentsError={studentsError}
      studentId={studentId}
      onStudent={setStudentId}
      save={save}
      others={errors.others}
      onSave={() => save.mutate()}
      onCancel={onDone}
    >
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
    </PerStudentForm>
  );
}
