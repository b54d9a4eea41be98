// The attempt page's live parts: the answer queue tied to React and to the
// browser's online/visibility events, and the countdown on the server's clock.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer, useRef, useState } from "react";
import { attemptQuery, attempts, type TimedAttempt } from "../../api/attempts";
import type { Attempt } from "../../api/exams";
import type { ApiError } from "../../api/http";
import type { Notification } from "../../api/notifications";
import { AnswerQueue } from "./answerQueue";
import { CountdownAnnouncer, remainingMs } from "./countdown";

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export interface QueueHandlers {
  onSuperseded: (questionId: string) => void;
  onClosed: (error: ApiError) => void;
}

/** The attempt's answer queue; the component re-renders on each change of a save's state. */
export function useAnswerQueue(attempt: Attempt, handlers: QueueHandlers): AnswerQueue {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const latest = useRef(handlers);
  latest.current = handlers;
  const [queue] = useState(
    () =>
      new AnswerQueue({
        attemptId: attempt.id,
        save: (questionId, answer, seq) => attempts.saveAnswer(attempt.id, questionId, answer, seq),
        storedSeqs: Object.fromEntries(Object.entries(attempt.answers).map(([id, saved]) => [id, saved.seq])),
        storedAt: Object.fromEntries(Object.entries(attempt.answers).map(([id, saved]) => [id, saved.savedAt])),
        storage: browserStorage(),
        onChange: () => changed(),
        onSuperseded: (id) => latest.current.onSuperseded(id),
        onClosed: (error) => latest.current.onClosed(error),
      }),
  );
  useEffect(() => {
    queue.start();
    const resume = () => queue.resume();
    const visible = () => document.visibilityState === "visible" && queue.resume();
    window.addEventListener("online", resume);
    document.addEventListener("visibilitychange", visible);
    return () => {
      window.removeEventListener("online", resume);
      document.removeEventListener("visibilitychange", visible);
      queue.dispose();
    };
  }, [queue]);
  return queue;
}

/**
 * Reads the attempt again now and then, so that a deadline a teacher moved
 * (an accommodation, an override) reaches the page without a reload: every
 * 30 s, when the browser is back online or the page visible again, and when
 * a notification about this exam arrives.
 */
export function useAttemptFreshness(courseId: string, attempt: Attempt): void {
  const client = useQueryClient();
  useEffect(() => {
    const key = attemptQuery(courseId, attempt.id).queryKey;
    const refresh = () => void client.invalidateQueries({ queryKey: key });
    const visible = () => document.visibilityState === "visible" && refresh();
    const notified = (event: Event) => {
      const item = (event as CustomEvent<Notification>).detail;
      if (item?.link?.includes(attempt.examId)) {
        refresh();
      }
    };
    const timer = window.setInterval(refresh, 30_000);
    window.addEventListener("online", refresh);
    document.addEventListener("visibilitychange", visible);
    window.addEventListener("classroom:notification", notified);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("online", refresh);
      document.removeEventListener("visibilitychange", visible);
      window.removeEventListener("classroom:notification", notified);
    };
  }, [client, courseId, attempt.id, attempt.examId]);
}

export interface Clock {
  /** Milliseconds left on the server's clock; null without a deadline. */
  remaining: number | null;
  /** The latest sentence for the polite live region. */
  announcement: string;
  /** Set once the deadline moved later while the page was open. */
  extended: boolean;
}

/** The countdown to the attempt's deadline, ticking every second, with what to announce. */
export function useCountdown(attempt: TimedAttempt): Clock {
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState("");
  const [extended, setExtended] = useState(false);
  const announcer = useRef<CountdownAnnouncer | null>(null);
  announcer.current ??= new CountdownAnnouncer();
  const remaining = remainingMs(attempt.deadline, now, attempt.clockOffsetMs);
  const seconds = remaining === null ? null : Math.ceil(remaining / 1000);

  useEffect(() => {
    if (attempt.deadline === null) {
      return;
    }
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [attempt.deadline]);

  useEffect(() => {
    const left = remainingMs(attempt.deadline, Date.now(), attempt.clockOffsetMs);
    const said = announcer.current?.deadline(attempt.deadline, left);
    if (said) {
      setAnnouncement(said);
      setExtended(said.startsWith("Your time was extended"));
      setNow(Date.now());
    }
  }, [attempt.deadline, attempt.clockOffsetMs]);

  useEffect(() => {
    if (seconds === null) {
      return;
    }
    const said = announcer.current?.tick(seconds * 1000);
    if (said) {
      setAnnouncement(said);
    }
  }, [seconds]);

  return { remaining, announcement, extended };
}
