import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { classwork, type Coursework, type Topic } from "../../api/classwork";
import { ApiError, keepsIdempotencyKey, newIdempotencyKey } from "../../api/http";
import { memberName, type Member } from "../../api/members";
import { mapFieldErrors } from "../../lib/forms";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SelectField, TextArea, TextField } from "../../ui/Field";
import {
  buildBody,
  COURSEWORK_INPUTS,
  emptyForm,
  formFrom,
  keptMaterialRows,
  type CourseworkForm,
  type MaterialRow,
} from "./model";
import { useReturnFocusOnClose } from "../../ui/focus";

export interface Editing {
  coursework: Coursework;
  etag: string | null;
}

interface Props {
  courseId: string;
  editing: Editing | null;
  topics: Topic[];
  students: Member[];
  onDone: (saved: Coursework | null) => void;
  /** Start the edit again from the item as it is now (after a 412). */
  onReload: () => void;
}

const SUBMIT_LABEL = { now: "Publish", draft: "Save draft", schedule: "Schedule" } as const;

/** Creates coursework or edits it: every field of CourseworkNew, with 422s next to their inputs. */
export function CourseworkEditor({ courseId, editing, topics, students, onDone, onReload }: Props) {
  useReturnFocusOnClose();
  const client = useQueryClient();
  const [form, setForm] = useState<CourseworkForm>(() => (editing ? formFrom(editing.coursework) : emptyForm));
  const [local, setLocal] = useState<Record<string, string>>({});
  // One key per item being created, kept across retries of the same action.
  const [key, setKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof buildBody>["body"]) =>
      editing
        ? classwork.update(courseId, editing.coursework.id, body, editing.etag)
        : classwork.create(courseId, body, key),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ["course", courseId, "coursework"] });
      onDone(saved);
    },
    onError: (error) => {
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
  });
  const kept = keptMaterialRows(form.materials);
  const errors = mapFieldErrors(save.error, [
    ...COURSEWORK_INPUTS,
    ...kept.flatMap((_, j) => [`materials[${j}].url`, `materials[${j}].title`, `materials[${j}]`]),
  ]);
  const fieldError = (name: string) => local[name] ?? errors.fields[name];
  const rowError = (row: number, part: "url" | "title") => {
    const j = kept.indexOf(row);
    return j < 0 ? undefined : (errors.fields[`materials[${j}].${part}`] ?? errors.fields[`materials[${j}]`]);
  };
  const published = editing?.coursework.state === "PUBLISHED";
  const assignment = form.workType === "ASSIGNMENT";
  const set = <K extends keyof CourseworkForm>(field: K, value: CourseworkForm[K]) =>
    setForm((old) => ({ ...old, [field]: value }));
  const setRow = (index: number, row: MaterialRow) =>
    set(
      "materials",
      form.materials.map((m, i) => (i === index ? row : m)),
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    const built = buildBody(form, editing?.coursework ?? null);
    setLocal(built.errors);
    if (Object.keys(built.errors).length === 0) {
      save.mutate(built.body);
    }
  }

  const headingId = useId();
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} className="card coursework-editor">
      <h2 id={headingId}>{editing ? `Edit “${editing.coursework.title}”` : "New coursework"}</h2>
      {save.error instanceof ApiError && save.error.status === 412 ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Changed by someone else</p>
          <p>Another teacher saved this work while you were editing it, so your changes were not saved.</p>
          <button type="button" onClick={onReload}>
            Load their version (your changes here are dropped)
          </button>
        </div>
      ) : save.isError ? (
        <ErrorNotice key={save.submittedAt} error={save.error} others={errors.others} />
      ) : null}
      {Object.keys(local).length > 0 ? (
        <p className="notice notice-error" role="alert">
          Some fields need a change: see the marked ones below.
        </p>
      ) : null}
      <TextField
        label="Title"
        name="title"
        required
        autoFocus
        value={form.title}
        onChange={(e) => set("title", e.target.value)}
        error={fieldError("title")}
      />
      <TextArea
        label="Instructions"
        name="description"
        rows={4}
        value={form.description}
        onChange={(e) => set("description", e.target.value)}
        error={fieldError("description")}
      />
      <div className="editor-row">
        <SelectField
          label="Type"
          name="workType"
          value={form.workType}
          disabled={editing !== null}
          hint={editing ? "The type of existing work cannot change." : undefined}
          onChange={(e) => set("workType", e.target.value === "MATERIAL" ? "MATERIAL" : "ASSIGNMENT")}
          error={fieldError("workType")}
        >
          <option value="ASSIGNMENT">Assignment</option>
          <option value="MATERIAL">Material</option>
        </SelectField>
        <SelectField
          label="Topic"
          name="topicId"
          value={form.topicId}
          onChange={(e) => set("topicId", e.target.value)}
          error={fieldError("topicId")}
        >
          <option value="">No topic</option>
          {topics.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topic.name}
            </option>
          ))}
        </SelectField>
      </div>
      {assignment ? (
        <div className="editor-row">
          <TextField
            label="Points"
            name="maxPoints"
            inputMode="decimal"
            value={form.maxPoints}
            onChange={(e) => set("maxPoints", e.target.value)}
            hint="Leave empty for ungraded work."
            error={fieldError("maxPoints")}
          />
          <TextField
            label="Due"
            name="dueAt"
            type="datetime-local"
            value={form.due}
            onChange={(e) => set("due", e.target.value)}
            hint="Leave empty for no due date."
            error={fieldError("dueAt")}
          />
        </div>
      ) : null}
      <Materials
        rows={form.materials}
        onChange={(rows) => set("materials", rows)}
        setRow={setRow}
        rowError={rowError}
        error={fieldError("materials")}
      />
      <Assignees form={form} set={set} students={students} error={fieldError("assignees")} />
      {published ? null : (
        <fieldset className="choice">
          <legend>When</legend>
          {(["now", "draft", "schedule"] as const).map((value) => (
            <label key={value} className="check">
              <input
                type="radio"
                name="publish"
                value={value}
                checked={form.publish === value}
                onChange={() => set("publish", value)}
              />
              {value === "now" ? "Publish now" : value === "draft" ? "Save as a draft" : "Schedule"}
            </label>
          ))}
          {form.publish === "schedule" ? (
            <TextField
              label="Publish at"
              name="scheduledAt"
              type="datetime-local"
              value={form.scheduledAt}
              onChange={(e) => set("scheduledAt", e.target.value)}
              error={fieldError("scheduledAt")}
            />
          ) : fieldError("state") ? (
            <p className="field-error">{fieldError("state")}</p>
          ) : null}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {published ? "Save" : SUBMIT_LABEL[form.publish]}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Materials({
  rows,
  onChange,
  setRow,
  rowError,
  error,
}: {
  rows: MaterialRow[];
  onChange: (rows: MaterialRow[]) => void;
  setRow: (index: number, row: MaterialRow) => void;
  rowError: (row: number, part: "url" | "title") => string | undefined;
  error: string | undefined;
}) {
  return (
    <fieldset className="choice">
      <legend>Materials</legend>
      {error ? <p className="field-error">{error}</p> : null}
      {rows.length === 0 ? <p className="muted">No links yet.</p> : null}
      <ol className="material-rows">
        {rows.map((row, index) => (
          <li key={index} className="editor-row">
            <TextField
              label={`Link ${index + 1} address`}
              type="url"
              placeholder="https://"
              value={row.url}
              onChange={(e) => setRow(index, { ...row, url: e.target.value })}
              error={rowError(index, "url")}
            />
            <TextField
              label={`Link ${index + 1} title`}
              value={row.title}
              onChange={(e) => setRow(index, { ...row, title: e.target.value })}
              error={rowError(index, "title")}
            />
            <button type="button" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              Remove<span className="visually-hidden"> link {index + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...rows, { url: "", title: "" }])} disabled={rows.length >= 20}>
        Add a link
      </button>
    </fieldset>
  );
}

function Assignees({
  form,
  set,
  students,
  error,
}: {
  form: CourseworkForm;
  set: <K extends keyof CourseworkForm>(field: K, value: CourseworkForm[K]) => void;
  students: Member[];
  error: string | undefined;
}) {
  const errorId = useId();
  const toggle = (userId: string, on: boolean) =>
    set("assignees", on ? [...form.assignees, userId] : form.assignees.filter((id) => id !== userId));
  return (
    <fieldset className="choice" aria-describedby={error ? errorId : undefined}>
      <legend>For</legend>
      <label className="check">
        <input type="radio" name="assignAll" checked={form.assignAll} onChange={() => set("assignAll", true)} />
        All students
      </label>
      <label className="check">
        <input
          type="radio"
          name="assignAll"
          checked={!form.assignAll}
          onChange={() => set("assignAll", false)}
          disabled={students.length === 0}
        />
        Chosen students{students.length === 0 ? " (the course has no students yet)" : ""}
      </label>
      {!form.assignAll ? (
        <ul className="plain-list student-picks">
          {students.map((student) => (
            <li key={student.userId}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.assignees.includes(student.userId)}
                  onChange={(e) => toggle(student.userId, e.target.checked)}
                />
                {memberName(student, student.userId)}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
