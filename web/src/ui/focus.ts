import { useEffect, type RefObject } from "react";

/** Whether nothing has the focus: the focused control was removed from the page. */
function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/**
 * Once React has drawn a change that removed the focused control (a deleted
 * item, a closed form), moves the focus to `target`, so a keyboard or screen
 * reader user goes on from there instead of from the top of the page.
 */
export function focusAfterRemoval(target: RefObject<HTMLElement | null>): void {
  window.requestAnimationFrame(() => {
    if (focusLost()) {
      target.current?.focus();
    }
  });
}

/**
 * For a form or panel shown in place (an editor opened by a button): when it
 * closes, the focus goes back to the control that opened it, or, when that is
 * gone too, to the page's heading.
 */
export function useReturnFocusOnClose(): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      window.requestAnimationFrame(() => {
        if (!focusLost()) {
          return;
        }
        const heading = document.querySelector<HTMLElement>("main h1");
        (opener?.isConnected ? opener : heading)?.focus();
      });
    };
  }, []);
}
