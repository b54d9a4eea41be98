import { useEffect, useState } from "react";
import type { FieldError } from "../api/http";
import { explain } from "../lib/problems";

/**
 * What happened and what to do, for any failed request. Announced (role
 * alert); a wait (429, 503) counts down so the person knows when to retry.
 */
export function ErrorNotice({
  error,
  others,
  onRetry,
}: {
  error: unknown;
  /** Field errors that belong to no input of the form. */
  others?: FieldError[];
  onRetry?: () => void;
}) {
  const explanation = explain(error);
  const remaining = useCountdown(explanation.retryAfter, error);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{explanation.title}</p>
      {explanation.detail ? <p>{explanation.detail}</p> : null}
      {others && others.length > 0 ? (
        <ul>
          {others.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              {item.field}: {item.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        {remaining !== null && remaining > 0
          ? `Wait ${remaining} second${remaining === 1 ? "" : "s"}, then try again.`
          : explanation.action}
      </p>
      {onRetry ? (
        <button type="button" onClick={onRetry} disabled={remaining !== null && remaining > 0}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * Seconds left of a wait, ticking down once a second; null without a wait.
 * Starts again when `cause` changes (a retry that met a new 429 or 503).
 */
export function useCountdown(seconds: number | null, cause?: unknown): number | null {
  const [wait, setWait] = useState(() => ({ cause, end: seconds === null ? null : Date.now() + seconds * 1000 }));
  const [now, setNow] = useState(() => Date.now());
  if (wait.cause !== cause) {
    // Adjusting state while rendering, as React advises for state that follows a prop.
    setWait({ cause, end: seconds === null ? null : Date.now() + seconds * 1000 });
  }
  const { end } = wait;
  useEffect(() => {
    if (end === null || now >= end) {
      return;
    }
    const timer = window.setTimeout(() => setNow(Date.now()), 1000);
    return () => window.clearTimeout(timer);
  }, [end, now]);
  return end === null ? null : Math.max(0, Math.ceil((end - now) / 1000));
}
