import { useId } from "react";
import { QUESTION_TYPES, type QuestionType } from "../../api/exams";
import { newDraft, TYPE_LABELS, type QuestionDraft } from "../../lib/questions";
import { SelectField, TextArea, TextField } from "../../ui/Field";
import { OptionList } from "./OptionList";

/**
 * One question of any type, as a teacher writes it: the exam editor, the
 * question bank and regrading all use it. `errors` are by member name
 * ("points", "correct", …), from validateDraft or the service's 422.
 */
export function QuestionEditor({
  draft,
  onChange,
  errors,
  withTags = false,
  typeLocked = false,
  pointsLocked = null,
}: {
  draft: QuestionDraft;
  onChange: (draft: QuestionDraft) => void;
  errors: Record<string, string | undefined>;
  withTags?: boolean;
  /** The type cannot change (a stored bank question, a regrade). */
  typeLocked?: boolean;
  /** Why the points cannot change here (a question drawn from the bank); null when they can. */
  pointsLocked?: string | null;
}) {
  const set = (patch: Partial<QuestionDraft>) => onChange({ ...draft, ...patch });
  function changeType(type: QuestionType) {
    // A new type starts from that type's blank key, keeping what every type has.
    onChange({
      ...newDraft(type),
      key: draft.key,
      id: draft.id,
      prompt: draft.prompt,
      points: draft.points,
      tags: draft.tags,
    });
  }
  return (
    <div className="question-editor">
      <div className="question-head">
        <SelectField
          label="Question type"
          value={draft.type}
          disabled={typeLocked}
          onChange={(e) => changeType(e.target.value as QuestionType)}
          error={errors.type}
        >
          {QUESTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Points"
          inputMode="decimal"
          value={draft.points}
          disabled={pointsLocked !== null}
          hint={pointsLocked ?? undefined}
          onChange={(e) => set({ points: e.target.value })}
          error={errors.points}
        />
      </div>
      <TextArea
        label="Question"
        rows={2}
        value={draft.prompt}
        onChange={(e) => set({ prompt: e.target.value })}
        error={errors.prompt}
      />
      <KeyFields draft={draft} set={set} errors={errors} />
      {withTags ? (
        <TextField
          label="Tags"
          hint="Separated by commas; a section of an exam can draw questions by tag."
          value={draft.tags}
          onChange={(e) => set({ tags: e.target.value })}
          error={errors.tags}
        />
      ) : null}
    </div>
  );
}

function KeyFields({
  draft,
  set,
  errors,
}: {
  draft: QuestionDraft;
  set: (patch: Partial<QuestionDraft>) => void;
  errors: Record<string, string | undefined>;
}) {
  const id = useId();
  switch (draft.type) {
    case "SINGLE_CHOICE":
      return (
        <OptionList
          legend="Options (choose the right one)"
          noun="Option"
          options={draft.options}
          least={2}
          onChange={(options) => set({ options })}
          error={errors.options ?? errors.correct}
          extra={(option, _index, label) => (
            <label className="inline-check">
              <input
                type="radio"
                name={`${id}-correct`}
                checked={draft.correctOption === option.id}
                onChange={() => set({ correctOption: option.id })}
              />
              <span className="visually-hidden">{label} is </span>right
            </label>
          )}
        />
      );
    case "MULTIPLE_CHOICE":
      return (
        <>
          <OptionList
            legend="Options (mark every right one)"
            noun="Option"
            options={draft.options}
            least={2}
            onChange={(options) => set({ options })}
            error={errors.options ?? errors.correct}
            extra={(option, _index, label) => (
              <label className="inline-check">
                <input
                  type="checkbox"
                  checked={draft.correctOptions.includes(option.id)}
                  onChange={(e) =>
                    set({
                      correctOptions: e.target.checked
                        ? [...draft.correctOptions, option.id]
                        : draft.correctOptions.filter((c) => c !== option.id),
                    })
                  }
                />
                <span className="visually-hidden">{label} is </span>right
              </label>
            )}
          />
          <SelectField
            label="Scoring"
            value={draft.scoring}
            onChange={(e) => set({ scoring: e.target.value as QuestionDraft["scoring"] })}
            hint="Partial: (right chosen − wrong chosen) / right, at least 0, of the points."
            error={errors.scoring}
          >
            <option value="ALL_OR_NOTHING">All or nothing</option>
            <option value="PARTIAL">Partial credit</option>
          </SelectField>
        </>
      );
    case "TRUE_FALSE":
      return (
        <fieldset>
          <legend>The statement is</legend>
          <label className="inline-check">
            <input
              type="radio"
              name={`${id}-tf`}
              checked={draft.correctBool}
              onChange={() => set({ correctBool: true })}
            />
            True
          </label>
          <label className="inline-check">
            <input
              type="radio"
              name={`${id}-tf`}
              checked={!draft.correctBool}
              onChange={() => set({ correctBool: false })}
            />
            False
          </label>
        </fieldset>
      );
    case "SHORT_TEXT":
      return (
        <>
          <TextArea
            label="Accepted answers"
            rows={3}
            hint="One per line. Compared after trimming and collapsing spaces."
            value={draft.accepted}
            onChange={(e) => set({ accepted: e.target.value })}
            error={errors.accepted}
          />
          <label className="inline-check">
            <input
              type="checkbox"
              checked={draft.caseSensitive}
              onChange={(e) => set({ caseSensitive: e.target.checked })}
            />
            Case sensitive
          </label>
          <TextField
            label="Pattern (optional)"
            hint="An RE2 regular expression the whole answer must match, instead of or besides the list."
            spellCheck={false}
            value={draft.pattern}
            onChange={(e) => set({ pattern: e.target.value })}
            error={errors.pattern}
          />
        </>
      );
    case "NUMERIC":
      return (
        <div className="question-head">
          <TextField
            label="Right value"
            inputMode="decimal"
            value={draft.value}
            onChange={(e) => set({ value: e.target.value })}
            error={errors.value}
          />
          <TextField
            label="Tolerance (±)"
            inputMode="decimal"
            value={draft.tolerance}
            onChange={(e) => set({ tolerance: e.target.value })}
            error={errors.tolerance}
          />
        </div>
      );
    case "MATCHING":
      return (
        <>
          <OptionList
            legend="Choices"
            noun="Choice"
            options={draft.choices}
            least={2}
            onChange={(choices) => set({ choices })}
            error={errors.choices}
          />
          <OptionList
            legend="Prompts (pick each one's right choice)"
            noun="Prompt"
            options={draft.prompts}
            least={1}
            onChange={(prompts) => set({ prompts })}
            error={errors.prompts ?? errors.correct}
            extra={(prompt, _index, label) => (
              <select
                aria-label={`Right choice for ${label}`}
                value={draft.pairs[prompt.id] ?? ""}
                onChange={(e) => set({ pairs: { ...draft.pairs, [prompt.id]: e.target.value } })}
              >
                <option value="">Choose…</option>
                {draft.choices.map((choice, i) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.text.trim() || `Choice ${i + 1}`}
                  </option>
                ))}
              </select>
            )}
          />
        </>
      );
    case "ORDERING":
      return (
        <OptionList
          legend="Items, in their right order (students see them shuffled)"
          noun="Item"
          options={draft.items}
          least={2}
          onChange={(items) => set({ items })}
          error={errors.items ?? errors.correct}
        />
      );
    case "ESSAY":
      return (
        <TextField
          label="Word limit (optional)"
          inputMode="numeric"
          value={draft.maxWords}
          onChange={(e) => set({ maxWords: e.target.value })}
          error={errors.maxWords}
          hint="Graded by you after the student submits."
        />
      );
  }
}
