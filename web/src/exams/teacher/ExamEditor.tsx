import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { examQuery, exams, type Exam, type ExamPatch, type GradingPolicy, type ResultRelease } from "../../api/exams";
import { ApiError } from "../../api/http";
import { fromSections, toSectionsInput, totalPoints, validateSections, type SectionDraft } from "../../lib/examDraft";
import { mapFieldErrors } from "../../lib/forms";
import { parseNumber, QUESTION_MEMBERS } from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SelectField, TextArea, TextField } from "../../ui/Field";
import { fromLocalInput, toLocalInput } from "../../ui/format";
import { useExam } from "./ExamLayout";
import { SectionsEditor } from "./SectionsEditor";

/** The exam's settings and questions (the exam page's first tab). */
export default function ExamEditor() {
  const { exam, revision } = useExam();
  const [saved, setSaved] = useState(false);
  // After this page's own change the form starts anew from what is stored (new
  // questions got their ids); the confirmation outlives it.
  return <ExamForm key={`${exam.id}:${revision}`} saved={saved} onSaved={setSaved} />;
}

interface Settings {
  title: string;
  description: string;
  opensAt: string;
  closesAt: string;
  timeLimitMinutes: string;
  maxAttempts: string;
  gradingPolicy: GradingPolicy;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  resultRelease: ResultRelease;
  showCorrectAnswers: boolean;
}

function settingsOf(exam: Exam): Settings {
  return {
    title: exam.title,
    description: exam.description ?? "",
    opensAt: toLocalInput(exam.opensAt),
    closesAt: toLocalInput(exam.closesAt),
    timeLimitMinutes: exam.timeLimitMinutes === null ? "" : String(exam.timeLimitMinutes),
    maxAttempts: String(exam.maxAttempts),
    gradingPolicy: exam.gradingPolicy,
    shuffleQuestions: exam.shuffleQuestions,
    shuffleOptions: exam.shuffleOptions,
    resultRelease: exam.resultRelease,
    showCorrectAnswers: exam.showCorrectAnswers,
  };
}

const SETTING_FIELDS = [
  "title",
  "description",
  "opensAt",
  "closesAt",
  "timeLimitMinutes",
  "maxAttempts",
  "gradingPolicy",
  "resultRelease",
];

/** Every path a 422 may name in the sections, so that each lands on its input. */
function sectionPaths(sections: SectionDraft[]): string[] {
  const paths = ["sections"];
  sections.forEach((section, s) => {
    const base = `sections[${s}]`;
    paths.push(
      base,
      `${base}.title`,
      `${base}.draw`,
      `${base}.draw.tag`,
      `${base}.draw.count`,
      `${base}.draw.pointsEach`,
    );
    section.questions.forEach((_, q) => {
      const qBase = `${base}.questions[${q}]`;
      paths.push(qBase);
      for (const member of ["type", ...QUESTION_MEMBERS, "id"]) {
        paths.push(`${qBase}.${member}`);
      }
    });
  });
  return paths;
}

/** What this form edits of an exam, to tell its changes from a change of state. */
function editableContent(exam: Exam): string {
  return JSON.stringify({ ...settingsOf(exam), sections: toSectionsInput(fromSections(exam.sections)) });
}

function ExamForm({ saved, onSaved }: { saved: boolean; onSaved: (saved: boolean) => void }) {
  const { courseId, exam, etag: current, changed } = useExam();
  // The version this form was started from: saving over a later one is a 412. A new
  // version that changed nothing this form edits (published, closed, released) is taken
  // over silently, so those never cost the teacher unsaved edits.
  const [base, setBase] = useState(() => ({ etag: current, content: editableContent(exam) }));
  if (current !== base.etag && editableContent(exam) === base.content) {
    setBase({ etag: current, content: base.content });
  }
  const etag = base.etag;
  const client = useQueryClient();
  const [settings, setSettings] = useState(() => settingsOf(exam));
  const [sections, setSections] = useState(() => fromSections(exam.sections));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [storedSections] = useState(() => JSON.stringify(toSectionsInput(fromSections(exam.sections))));
  const set = (patch: Partial<Settings>) => setSettings((old) => ({ ...old, ...patch }));

  const save = useMutation({
    mutationFn: (patch: ExamPatch) => exams.update(exam.id, patch, etag),
    onMutate: () => onSaved(false),
    onSuccess: (answer) => {
      onSaved(true);
      client.setQueryData(examQuery(courseId, exam.id).queryKey, answer);
      changed();
      void client.invalidateQueries({ queryKey: ["course", courseId, "exams"] });
    },
  });
  async function reload() {
    await client.invalidateQueries({ queryKey: examQuery(courseId, exam.id).queryKey });
    changed();
  }
  const served = mapFieldErrors(save.error, [...SETTING_FIELDS, ...sectionPaths(sections)]);
  const errors: Record<string, string> = { ...served.fields, ...localErrors };

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validateSections(sections);
    const timeLimit = settings.timeLimitMinutes.trim() === "" ? null : parseNumber(settings.timeLimitMinutes);
    if (timeLimit !== null && (!Number.isInteger(timeLimit) || timeLimit < 1 || timeLimit > 10080)) {
      problems.timeLimitMinutes = "a whole number of minutes from 1 to 10080, or empty for none";
    }
    const attempts = parseNumber(settings.maxAttempts);
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) {
      problems.maxAttempts = "1 to 100";
    }
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    const patch: ExamPatch = {
      title: settings.title.trim(),
      description: settings.description.trim() || null,
      opensAt: fromLocalInput(settings.opensAt),
      closesAt: fromLocalInput(settings.closesAt),
      timeLimitMinutes: timeLimit,
      maxAttempts: attempts,
      gradingPolicy: settings.gradingPolicy,
      shuffleQuestions: settings.shuffleQuestions,
      shuffleOptions: settings.shuffleOptions,
      resultRelease: settings.resultRelease,
      showCorrectAnswers: settings.showCorrectAnswers,
    };
    const input = toSectionsInput(sections);
    // Questions change only while no attempt exists; unchanged ones are not sent, so
    // settings stay editable afterwards.
    if (JSON.stringify(input) !== storedSections) {
      patch.sections = input;
    }
    save.mutate(patch);
  }

  const localCount = Object.keys(localErrors).length;
  const total = totalPoints(sections);
  return (
    <form onSubmit={submit} noValidate aria-label="Exam settings and questions" className="exam-editor">
      <section aria-labelledby="settings-heading" className="card">
        <h2 id="settings-heading">Settings</h2>
        <TextField
          label="Title"
          required
          maxLength={200}
          value={settings.title}
          onChange={(e) => set({ title: e.target.value })}
          error={errors.title}
        />
        <TextArea
          label="Instructions for students"
          rows={3}
          value={settings.description}
          onChange={(e) => set({ description: e.target.value })}
          error={errors.description}
        />
        <div className="field-row">
          <TextField
            label="Opens"
            type="datetime-local"
            value={settings.opensAt}
            onChange={(e) => set({ opensAt: e.target.value })}
            error={errors.opensAt}
            hint="Empty: as soon as published."
          />
          <TextField
            label="Closes"
            type="datetime-local"
            value={settings.closesAt}
            onChange={(e) => set({ closesAt: e.target.value })}
            error={errors.closesAt}
            hint="Empty: until you close it."
          />
          <TextField
            label="Time limit (minutes)"
            inputMode="numeric"
            value={settings.timeLimitMinutes}
            onChange={(e) => set({ timeLimitMinutes: e.target.value })}
            error={errors.timeLimitMinutes}
            hint="Empty: no limit."
          />
          <TextField
            label="Attempts allowed"
            inputMode="numeric"
            value={settings.maxAttempts}
            onChange={(e) => set({ maxAttempts: e.target.value })}
            error={errors.maxAttempts}
          />
        </div>
        <div className="field-row">
          <SelectField
            label="Grade from"
            value={settings.gradingPolicy}
            onChange={(e) => set({ gradingPolicy: e.target.value as GradingPolicy })}
            error={errors.gradingPolicy}
          >
            <option value="HIGHEST">The highest attempt</option>
            <option value="LATEST">The latest attempt</option>
            <option value="FIRST">The first attempt</option>
            <option value="AVERAGE">The average of attempts</option>
          </SelectField>
          <SelectField
            label="Release results"
            value={settings.resultRelease}
            onChange={(e) => set({ resultRelease: e.target.value as ResultRelease })}
            error={errors.resultRelease}
          >
            <option value="IMMEDIATE">As soon as graded</option>
            <option value="AFTER_CLOSE">When the exam closes</option>
            <option value="MANUAL">When I release them</option>
          </SelectField>
        </div>
        <fieldset>
          <legend>Options</legend>
          <label className="inline-check">
            <input
              type="checkbox"
              checked={settings.shuffleQuestions}
              onChange={(e) => set({ shuffleQuestions: e.target.checked })}
            />
            Shuffle questions for each attempt
          </label>
          <label className="inline-check">
            <input
              type="checkbox"
              checked={settings.shuffleOptions}
              onChange={(e) => set({ shuffleOptions: e.target.checked })}
            />
            Shuffle options for each attempt
          </label>
          <label className="inline-check">
            <input
              type="checkbox"
              checked={settings.showCorrectAnswers}
              onChange={(e) => set({ showCorrectAnswers: e.target.checked })}
            />
            Show the right answers with released results (once the exam has closed)
          </label>
        </fieldset>
      </section>
      {exam.state !== "DRAFT" ? (
        <p className="notice notice-info">
          Once a student has started, questions and points change only through Regrade; settings stay editable.
        </p>
      ) : null}
      <SectionsEditor sections={sections} onChange={setSections} errors={errors} />
      <div className="save-bar">
        <p className="muted">Total: {total === null ? "—" : total} points</p>
        {localCount > 0 ? (
          <p className="notice notice-error" role="alert">
            {localCount} field{localCount === 1 ? " needs" : "s need"} a change before saving: see the marked inputs.
          </p>
        ) : null}
        {save.isError ? (
          save.error instanceof ApiError && save.error.status === 412 ? (
            <div className="notice notice-error" role="alert">
              <p className="notice-title">This exam was changed elsewhere since you opened it</p>
              <p>Load the latest version, then make your changes again (what you changed here is not saved).</p>
              <button type="button" onClick={() => void reload()}>
                Load the latest version
              </button>
            </div>
          ) : save.error instanceof ApiError && save.error.status === 409 ? (
            <p className="notice notice-error" role="alert">
              Students have started this exam, so its questions can no longer be edited here. Use Regrade to change a
              question's key or points.
            </p>
          ) : (
            <ErrorNotice key={save.submittedAt} error={save.error} others={served.others} />
          )
        ) : null}
        {saved && !save.isPending ? (
          <p className="notice notice-success" role="status">
            Saved.
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={save.isPending}>
          Save exam
        </button>
      </div>
    </form>
  );
}
