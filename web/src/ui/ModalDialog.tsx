import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";

/**
 * A modal dialog, open while it is rendered: the page behind it is inert,
 * Escape asks `onClose`, the focus starts on `initialFocus` (the safe choice)
 * or on the first control, and goes back to where it was when the dialog goes
 * (a screen that moves it elsewhere afterwards still can).
 */
export function ModalDialog({
  title,
  onClose,
  initialFocus,
  children,
}: {
  title: ReactNode;
  onClose: () => void;
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    initialFocus?.current?.focus();
    return () => {
      element?.close();
      if (opener?.isConnected) {
        opener.focus();
      }
    };
    // Opened once, when it is rendered.
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={headingId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={headingId}>{title}</h2>
      {children}
    </dialog>
  );
}
