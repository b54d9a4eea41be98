import { useId, useState, type KeyboardEvent } from "react";
import { formatPoints, parseGrade } from "../../lib/grades";
import type { CellStatus } from "./useGradeSaving";

/**
 * One grade typed in place. It is saved when the person leaves the cell or
 * presses Enter (which also moves down, as in a spreadsheet); a wrong value is
 * explained in the cell and never sent.
 */
export function GradeInput({
  label,
  maxPoints,
  saved,
  status,
  onCommit,
  onEnter,
  cell,
  disabled,
}: {
  label: string;
  maxPoints: number;
  saved: number | null;
  status: CellStatus | undefined;
  onCommit: (value: number | null) => void;
  onEnter?: () => void;
  /** "row:column", for moving between cells with Enter. */
  cell?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(formatPoints(saved));
  const [invalid, setInvalid] = useState<string | null>(null);
  // The input stays mounted across saves (the focus and what is being typed stay): a newly saved value
  // (a save's answer, a refetch) replaces the text only while the person is not in the cell.
  const [adopted, setAdopted] = useState(saved);
  const [focused, setFocused] = useState(false);
  const [typed, setTyped] = useState(false);
  if (saved !== adopted && !focused) {
    setAdopted(saved);
    setText(formatPoints(saved));
    setInvalid(null);
  }

  function commit() {
    const parsed = parseGrade(text, maxPoints);
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    setInvalid(null);
    if (parsed.value !== saved) {
      onCommit(parsed.value);
    }
  }

  function enter() {
    setFocused(true);
    setTyped(false);
  }

  function leave() {
    setFocused(false);
    if (!typed) {
      // Nothing typed this time: a value saved meanwhile is taken in (on the next render), not sent back.
      return;
    }
    setAdopted(saved);
    commit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      commit();
      onEnter?.();
    } else if (event.key === "Escape") {
      setText(formatPoints(saved));
      setInvalid(null);
    }
  }

  const message =
    invalid ??
    (status?.kind === "saving"
      ? "Saving…"
      : status?.kind === "saved"
        ? "Saved"
        : status?.kind === "failed"
          ? `Not saved: ${status.message}`
          : null);
  const failed = invalid !== null || status?.kind === "failed";
  return (
    <span className="grade-input">
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        aria-label={label}
        aria-invalid={failed ? true : undefined}
        aria-describedby={`${id}-max ${id}-status`}
        data-cell={cell}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          setTyped(true);
        }}
        onFocus={enter}
        onBlur={leave}
        onKeyDown={onKeyDown}
      />
      <span id={`${id}-max`} className="muted">
        /{formatPoints(maxPoints)}
      </span>
      <span id={`${id}-status`} role="status" className={failed ? "cell-status cell-failed" : "cell-status"}>
        {message}
      </span>
    </span>
  );
}

/** Moves the focus to another grade cell of the same table. */
export function focusCell(table: HTMLElement | null, row: number, column: number): void {
  table?.querySelector<HTMLInputElement>(`input[data-cell="${row}:${column}"]`)?.focus();
}
