// The shape of a setting kept per student (an accommodation in every exam, an
// override of one exam): a table of the students who have one, with Change
// and Remove, and a form that picks a student and sets their values.
import type { FormEvent, ReactNode } from "react";
import { memberName, type Member } from "../api/members";
import type { FieldError } from "../api/http";
import { ErrorNotice } from "./ErrorNotice";
import { SelectField } from "./Field";

export interface PerStudentColumn<T> {
  heading: string;
  cell: (item: T) => ReactNode;
}

/** Who has the setting, one row each; `what` names it in the buttons ("accommodation"). */
export function PerStudentTable<T extends { studentId: string }>({
  items,
  columns,
  what,
  nameOf,
  onChange,
  onRemove,
  removing,
}: {
  items: readonly T[];
  columns: readonly PerStudentColumn<T>[];
  what: string;
  nameOf: (studentId: string) => string;
  onChange: (item: T) => void;
  onRemove: (studentId: string) => void;
  removing: boolean;
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Student</th>
          {columns.map((column) => (
            <th scope="col" key={column.heading}>
              {column.heading}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.studentId}>
            <th scope="row">{nameOf(item.studentId)}</th>
            {columns.map((column) => (
              <td key={column.heading}>{column.cell(item)}</td>
            ))}
            <td className="actions">
              <button
                type="button"
                onClick={() => onChange(item)}
                aria-label={`Change the ${what} of ${nameOf(item.studentId)}`}
              >
                Change
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => onRemove(item.studentId)}
                disabled={removing}
                aria-label={`Remove the ${what} of ${nameOf(item.studentId)}`}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A choice among the course's students, by name. */
export function StudentSelect({
  students,
  value,
  onChange,
  error,
}: {
  students: Member[];
  value: string;
  onChange: (studentId: string) => void;
  error?: string | undefined;
}) {
  return (
    <SelectField label="Student" value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      <option value="">Choose a student…</option>
      {students.map((s) => (
        <option key={s.userId} value={s.userId}>
          {memberName(s, s.userId)}
        </option>
      ))}
    </SelectField>
  );
}

/** What the form shows of its save (a TanStack mutation has all of it). */
interface SaveState {
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: unknown;
  submittedAt: number;
}

/**
 * Adding or changing one student's setting: the student, the fields given as
 * children, what the save did, and Save (and Cancel while changing one).
 */
export function PerStudentForm({
  heading,
  headingLevel,
  what,
  editing,
  students,
  studentsError,
  studentId,
  onStudent,
  save,
  others,
  onSave,
  onCancel,
  children,
}: {
  /** e.g. "accommodation": "Add an accommodation", "Save accommodation", "Accommodation saved." */
  what: string;
  heading: string;
  headingLevel: 2 | 3;
  editing: boolean;
  students: Member[];
  /** Why the students could not be listed (with its retry), if they could not. */
  studentsError?: ReactNode;
  studentId: string;
  onStudent: (studentId: string) => void;
  save: SaveState;
  /** Field errors that belong to none of the inputs. */
  others: FieldError[];
  onSave: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const headingId = `${what.replace(/\W+/g, "-")}-form-heading`;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const saved = `${what.charAt(0).toUpperCase()}${what.slice(1)} saved.`;
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave();
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} className="card">
      <Heading id={headingId}>{heading}</Heading>
      {studentsError}
      <StudentSelect students={students} value={studentId} onChange={onStudent} />
      {children}
      {save.isError ? <ErrorNotice key={save.submittedAt} error={save.error} others={others} /> : null}
      {save.isSuccess ? (
        <p className="notice notice-success" role="status">
          {saved}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || studentId === ""}>
          Save {what}
        </button>
        {editing ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
