import { useId, useState } from "react";
import type { AnswerValue, StudentQuestion } from "../../api/exams";
import { formatDateTime } from "../../ui/format";
import type { QuestionSave } from "./answerQueue";
import { move } from "../../lib/lists";
import { parseDecimal } from "../../lib/numbers";
import { countWords, match, orderOf, toggle } from "./answers";

export interface QuestionFieldProps {
  question: StudentQuestion;
  number: number;
  value: AnswerValue | undefined;
  save: QuestionSave;
  /** A new answer; `typing` for text, which is sent once the person pauses. */
  onAnswer: (value: AnswerValue, typing?: boolean) => void;
}

/** One question: a fieldset named by its number, points and prompt, its controls, and whether its answer is saved. */
export function QuestionField({ question, number, value, save, onAnswer }: QuestionFieldProps) {
  const id = useId();
  const statusId = `${id}-status`;
  const errorId = `${id}-error`;
  const [localError, setLocalError] = useState<string | null>(null);
  const error = localError ?? (save.state === "rejected" ? `Not saved: ${save.message ?? "refused"}` : null);
  const described = [error ? errorId : null, statusId].filter(Boolean).join(" ");
  const control: ControlProps = {
    question,
    number,
    value,
    onAnswer,
    setLocalError,
    describedBy: described,
    invalid: error !== null,
    name: id,
  };
  return (
    <fieldset className="question" aria-describedby={described}>
      <legend>
        <span className="question-number">
          Question {number} ({question.points} point{question.points === 1 ? "" : "s"})
        </span>
        <span className="question-prompt">{question.prompt}</span>
      </legend>
      <Control {...control} />
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      <SaveStatus id={statusId} save={save} />
    </fieldset>
  );
}

const STATE_TEXT = {
  saved: "Saved",
  saving: "Saving…",
  queued: "Waiting for the connection: kept on this device",
  rejected: "Not saved",
} as const;

function SaveStatus({ id, save }: { id: string; save: QuestionSave }) {
  const text =
    save.state === null
      ? "Not answered yet"
      : save.state === "saved" && save.savedAt
        ? `Saved ${formatDateTime(save.savedAt)}`
        : STATE_TEXT[save.state];
  return (
    <p id={id} className={`save-state save-${save.state ?? "none"}`}>
      <span aria-hidden="true" className="save-mark" />
      {text}
    </p>
  );
}

interface ControlProps {
  question: StudentQuestion;
  number: number;
  value: AnswerValue | undefined;
  onAnswer: (value: AnswerValue, typing?: boolean) => void;
  setLocalError: (message: string | null) => void;
  describedBy: string;
  invalid: boolean;
  name: string;
}

function Control(props: ControlProps) {
  const { question } = props;
  switch (question.type) {
    case "SINGLE_CHOICE":
      return <Radios {...props} options={question.options.map((o) => ({ value: o.id, text: o.text }))} />;
    case "TRUE_FALSE":
      return (
        <Radios
          {...props}
          options={[
            { value: true, text: "True" },
            { value: false, text: "False" },
          ]}
        />
      );
    case "MULTIPLE_CHOICE":
      return <Checkboxes {...props} question={question} />;
    case "SHORT_TEXT":
      return <ShortText {...props} />;
    case "NUMERIC":
      return <NumberInput {...props} />;
    case "MATCHING":
      return <Matching {...props} question={question} />;
    case "ORDERING":
      return <Ordering {...props} question={question} />;
    case "ESSAY":
      return <Essay {...props} maxWords={question.maxWords} />;
  }
}

function Radios({
  options,
  value,
  onAnswer,
  name,
  describedBy,
  invalid,
}: ControlProps & { options: { value: string | boolean; text: string }[] }) {
  return (
    <div className="choices">
      {options.map((option) => (
        <label key={String(option.value)} className="choice">
          <input
            type="radio"
            name={name}
            checked={value === option.value}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={() => onAnswer(option.value)}
          />
          <span>{option.text}</span>
        </label>
      ))}
    </div>
  );
}

function Checkboxes({
  question,
  value,
  onAnswer,
  describedBy,
}: ControlProps & { question: Extract<StudentQuestion, { type: "MULTIPLE_CHOICE" }> }) {
  const chosen = Array.isArray(value) ? value : [];
  return (
    <>
      <p className="field-hint">
        Choose every right answer.{" "}
        {question.scoring === "PARTIAL"
          ? "A partly right answer earns part of the points; a wrong choice takes some away."
          : "Points are given only when every choice is right."}
      </p>
      <div className="choices">
        {question.options.map((option) => (
          <label key={option.id} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(option.id)}
              aria-describedby={describedBy}
              onChange={(e) => onAnswer(toggle(question.options, chosen, option.id, e.target.checked))}
            />
            <span>{option.text}</span>
          </label>
        ))}
      </div>
    </>
  );
}

function ShortText({ value, onAnswer, name, number, describedBy, invalid }: ControlProps) {
  return (
    <div className="field">
      <label htmlFor={`${name}-text`}>
        Your answer<span className="visually-hidden"> to question {number}</span>
      </label>
      <input
        id={`${name}-text`}
        type="text"
        autoComplete="off"
        maxLength={2000}
        value={typeof value === "string" ? value : ""}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(e) => onAnswer(e.target.value, true)}
      />
    </div>
  );
}

function NumberInput({ value, onAnswer, name, number, describedBy, invalid, setLocalError }: ControlProps) {
  const [text, setText] = useState(typeof value === "number" ? String(value) : "");
  const hintId = `${name}-hint`;
  return (
    <div className="field">
      <label htmlFor={`${name}-number`}>
        Your answer<span className="visually-hidden"> to question {number}</span>
      </label>
      <p className="field-hint" id={hintId}>
        A number, such as 12.5 or -3.
      </p>
      <input
        id={`${name}-number`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        aria-describedby={`${hintId} ${describedBy}`}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseDecimal(e.target.value);
          if (parsed === null && e.target.value.trim() !== "") {
            setLocalError("Not saved: this is not a number. Use digits, a point or comma for decimals.");
            return;
          }
          setLocalError(null);
          if (parsed !== null) {
            onAnswer(parsed, true);
          }
        }}
      />
    </div>
  );
}

function Matching({
  question,
  value,
  onAnswer,
  name,
  describedBy,
}: ControlProps & { question: Extract<StudentQuestion, { type: "MATCHING" }> }) {
  const pairs = value && typeof value === "object" && !Array.isArray(value) ? value : {};
  return (
    <div className="matching">
      {question.prompts.map((prompt) => (
        <div className="field" key={prompt.id}>
          <label htmlFor={`${name}-${prompt.id}`}>{prompt.text}</label>
          <select
            id={`${name}-${prompt.id}`}
            value={pairs[prompt.id] ?? ""}
            aria-describedby={describedBy}
            onChange={(e) => onAnswer(match(pairs, prompt.id, e.target.value))}
          >
            <option value="">Choose…</option>
            {question.choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.text}
              </option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

function Ordering({
  question,
  value,
  onAnswer,
  name,
}: ControlProps & { question: Extract<StudentQuestion, { type: "ORDERING" }> }) {
  const order = orderOf(question.items, value);
  const [moved, setMoved] = useState("");
  const text = (id: string) => question.items.find((i) => i.id === id)?.text ?? id;
  function shift(index: number, by: number) {
    const next = move(order, index, by);
    const itemId = order[index] ?? "";
    if (next.indexOf(itemId) === index) {
      return;
    }
    onAnswer(next);
    setMoved(`${text(itemId)} moved to position ${next.indexOf(itemId) + 1} of ${next.length}.`);
  }
  return (
    <>
      <p className="field-hint" id={`${name}-hint`}>
        Put the items in order with the Up and Down buttons; the first is at the top.
        {Array.isArray(value) ? "" : " Your order is saved when you move an item or choose Keep this order."}
      </p>
      <ol className="ordering">
        {order.map((itemId, index) => (
          <li key={itemId}>
            {/* The list already tells a screen reader the position. */}
            <span className="ordering-position" aria-hidden="true">
              {index + 1}.
            </span>
            <span className="ordering-text">{text(itemId)}</span>
            <span className="ordering-buttons">
              <button
                type="button"
                aria-label={`Move “${text(itemId)}” up`}
                aria-disabled={index === 0 || undefined}
                onClick={() => shift(index, -1)}
              >
                Up
              </button>
              <button
                type="button"
                aria-label={`Move “${text(itemId)}” down`}
                aria-disabled={index === order.length - 1 || undefined}
                onClick={() => shift(index, 1)}
              >
                Down
              </button>
            </span>
          </li>
        ))}
      </ol>
      {Array.isArray(value) ? null : (
        <button type="button" onClick={() => onAnswer(order)}>
          Keep this order
        </button>
      )}
      <p role="status" className="visually-hidden">
        {moved}
      </p>
    </>
  );
}

function Essay({
  value,
  onAnswer,
  name,
  number,
  describedBy,
  invalid,
  setLocalError,
  maxWords,
}: ControlProps & { maxWords: number | null }) {
  const text = typeof value === "string" ? value : "";
  const [draft, setDraft] = useState(text);
  const words = countWords(draft);
  const over = maxWords !== null && words > maxWords;
  const countId = `${name}-count`;
  return (
    <div className="field">
      <label htmlFor={`${name}-essay`}>
        Your answer<span className="visually-hidden"> to question {number}</span>
      </label>
      <textarea
        id={`${name}-essay`}
        rows={10}
        maxLength={50_000}
        value={draft}
        aria-describedby={`${countId} ${describedBy}`}
        aria-invalid={invalid || over || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const count = countWords(e.target.value);
          if (maxWords !== null && count > maxWords) {
            setLocalError(`Not saved: ${count - maxWords} word${count - maxWords === 1 ? "" : "s"} over the limit.`);
            return;
          }
          setLocalError(null);
          onAnswer(e.target.value, true);
        }}
      />
      <p id={countId} className={over ? "field-error" : "field-hint"}>
        {maxWords === null ? `${words} word${words === 1 ? "" : "s"}` : `${words} of at most ${maxWords} words`}
      </p>
    </div>
  );
}
