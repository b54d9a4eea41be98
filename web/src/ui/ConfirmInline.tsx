import { useEffect, useRef, type ReactNode } from "react";

/**
 * The second step of an action that cannot be undone, shown in place of the
 * button that asked for it: the question, the action, and a way back. The
 * way back has the focus (the button that was pressed is gone), so Enter
 * twice never deletes anything.
 */
export function ConfirmInline({
  label,
  question,
  confirm,
  keep = "Keep it",
  busy = false,
  onConfirm,
  onKeep,
}: {
  /** The group's accessible name, e.g. "Confirm deleting Lab report 1". */
  label: string;
  question?: ReactNode;
  /** The destructive button's text. */
  confirm: ReactNode;
  keep?: ReactNode;
  busy?: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => keepButton.current?.focus(), []);
  return (
    <div role="group" aria-label={label} className="actions confirm">
      {question ? <p>{question}</p> : null}
      <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
        {confirm}
      </button>
      <button type="button" onClick={onKeep} ref={keepButton}>
        {keep}
      </button>
    </div>
  );
}
