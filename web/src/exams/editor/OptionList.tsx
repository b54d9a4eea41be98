import { useId, type ReactNode } from "react";
import type { Option } from "../../api/exams";
import { move } from "../../lib/lists";
import { localId } from "../../lib/questions";

/**
 * An editable list of texts (options, prompts, choices, items): add, remove,
 * move up and down, each row with an optional control of its own (the right
 * answer's radio or checkbox).
 */
export function OptionList({
  legend,
  noun,
  options,
  onChange,
  least,
  error,
  extra,
}: {
  legend: string;
  /** What one row is called ("Option", "Item"), for labels. */
  noun: string;
  options: Option[];
  onChange: (options: Option[]) => void;
  least: number;
  error?: string | undefined;
  extra?: (option: Option, index: number, label: string) => ReactNode;
}) {
  const id = useId();
  const set = (index: number, text: string) => onChange(options.map((o, i) => (i === index ? { ...o, text } : o)));
  return (
    <fieldset className="option-list" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <ol>
        {options.map((option, index) => {
          const label = `${noun} ${index + 1}`;
          return (
            <li key={option.id} className="option-row">
              <label htmlFor={`${id}-${option.id}`} className="visually-hidden">
                {label}
              </label>
              <input
                id={`${id}-${option.id}`}
                value={option.text}
                onChange={(e) => set(index, e.target.value)}
                aria-invalid={error && option.text.trim() === "" ? true : undefined}
              />
              {extra?.(option, index, label)}
              <button
                type="button"
                aria-label={`Move ${label} up`}
                disabled={index === 0}
                onClick={() => onChange(move(options, index, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${label} down`}
                disabled={index === options.length - 1}
                onClick={() => onChange(move(options, index, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                aria-label={`Remove ${label}`}
                disabled={options.length <= least}
                onClick={() => onChange(options.filter((_, i) => i !== index))}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ol>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <button type="button" onClick={() => onChange([...options, { id: localId(), text: "" }])}>
        Add {noun.toLowerCase()}
      </button>
    </fieldset>
  );
}
