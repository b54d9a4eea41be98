import { memberName, type Member } from "../../api/members";
import { SelectField } from "../../ui/Field";

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
