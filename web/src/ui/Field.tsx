import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

interface Common {
  label: string;
  /** The service's message for this input (422), shown under it and tied to it. */
  error?: string | undefined;
  hint?: ReactNode;
}

/** What ties a control to its label, hint and error. */
interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * The frame every field shares: the label, the control (given the attributes
 * that tie it to its label, hint and error), then the hint and the error.
 */
function FieldFrame({
  label,
  error,
  hint,
  id,
  control,
}: Common & { id: string | undefined; control: (props: ControlProps) => ReactNode }) {
  const own = useId();
  const inputId = id ?? own;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const described = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {control({ id: inputId, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input; its error is announced with it (aria-describedby). */
export function TextField({ label, error, hint, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} control={(tie) => <input {...tie} {...input} />} />
  );
}

export function TextArea({ label, error, hint, id, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} control={(tie) => <textarea {...tie} {...input} />} />
  );
}

export function SelectField({ label, error, hint, id, ...input }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} control={(tie) => <select {...tie} {...input} />} />
  );
}
