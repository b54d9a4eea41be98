// Every answer of an attempt on its way to the service, so that no change is
// lost to a dropped connection, a reload, or a service restarting:
// - each question's changes carry an increasing `seq` (the service keeps the
//   highest, so an old save arriving late never overwrites a newer one);
// - only the latest value per question waits (typing makes one save, not 200);
// - saves go one at a time, in the order the questions were last changed;
// - without a connection (status 0, 502, 503, 504) they wait, are retried with
//   back-off and as soon as the browser is back online;
// - what waits is also kept in the browser's storage, keyed by attempt, so a
//   reload while offline loses nothing. Answers only: never a token.
import { ApiError } from "../../api/http";
import type { AnswerValue } from "../../api/exams";

export type SaveState = "saved" | "saving" | "queued" | "rejected";

export interface QuestionSave {
  /** null: never changed on this page and not stored. */
  state: SaveState | null;
  savedAt: string | null;
  /** Why the service refused it (422), or why a newer answer was kept instead. */
  message: string | null;
}

export interface SavedReply {
  seq: number;
  savedAt: string;
}

export type SaveAnswer = (questionId: string, answer: AnswerValue, seq: number) => Promise<SavedReply>;

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface AnswerQueueOptions {
  attemptId: string;
  save: SaveAnswer;
  /** The `seq` the service holds per question (the attempt's `answers`). */
  storedSeqs: Record<string, number>;
  /** When each stored answer was saved (the attempt's `answers`). */
  storedAt?: Record<string, string>;
  storage?: KeyValueStore | null;
  /** Text is sent once the person stops typing for this long. */
  debounceMs?: number;
  /** The longest wait between retries while offline. */
  maxBackoffMs?: number;
  /** Any change of what `status`/`overall` answer. */
  onChange?: () => void;
  /** The service holds a newer answer than the one sent (another window, another device). */
  onSuperseded?: (questionId: string) => void;
  /** The attempt takes no more answers (submitted, or past its deadline). */
  onClosed?: (error: ApiError) => void;
}

interface Entry {
  questionId: string;
  answer: AnswerValue;
  seq: number;
  /** Device time before which it is not sent (typing still going on). */
  readyAt: number;
}

interface Persisted {
  v: 1;
  pending: { questionId: string; answer: AnswerValue; seq: number }[];
  seqs: Record<string, number>;
}

export function storageKey(attemptId: string): string {
  return `classroom.attempt.${attemptId}.answers`;
}

/** Offline, or a service briefly away: worth waiting for. */
export function isOffline(error: unknown): boolean {
  return error instanceof ApiError && [0, 502, 503, 504].includes(error.status);
}

/** The stored seq of a 409 "a later answer is stored (seq 5)"; null for any other refusal. */
export function storedSeqOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409) {
    return null;
  }
  const stored = Number(error.headers.get("x-stored-seq") ?? Number.NaN);
  return Number.isInteger(stored) ? stored : null;
}

export class AnswerQueue {
  private readonly pending = new Map<string, Entry>();
  /** The highest seq used or known per question. */
  private readonly seqs: Record<string, number>;
  private readonly saved = new Map<string, string>();
  private readonly rejected = new Map<string, string>();
  private offline = false;
  private closed = false;
  private running = false;
  private failures = 0;
  /** resume() came while a save was on its way: a failure then retries at once. */
  private resumed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idle: (() => void)[] = [];
  private readonly debounceMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: AnswerQueueOptions) {
    this.debounceMs = options.debounceMs ?? 800;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.seqs = { ...options.storedSeqs };
    for (const [questionId, at] of Object.entries(options.storedAt ?? {})) {
      this.saved.set(questionId, at);
    }
    const kept = this.load();
    if (kept) {
      for (const [questionId, seq] of Object.entries(kept.seqs)) {
        this.seqs[questionId] = Math.max(this.seqs[questionId] ?? 0, seq);
      }
      for (const item of kept.pending) {
        this.pending.set(item.questionId, { ...item, readyAt: 0 });
      }
    }
  }

  /** Answers kept from an earlier page of this attempt that are not stored yet. */
  waiting(): Map<string, AnswerValue> {
    return new Map([...this.pending.values()].map((entry) => [entry.questionId, entry.answer]));
  }

  /** A new answer to a question; `typing` waits for a pause before sending. */
  set(questionId: string, answer: AnswerValue, typing = false): void {
    if (this.closed) {
      return;
    }
    const seq = (this.seqs[questionId] ?? 0) + 1;
    this.seqs[questionId] = seq;
    // Re-inserted so that the order of sending is the order of the last change.
    this.pending.delete(questionId);
    this.pending.set(questionId, { questionId, answer, seq, readyAt: typing ? Date.now() + this.debounceMs : 0 });
    this.rejected.delete(questionId);
    this.persist();
    this.changed();
    // Offline, the retry timer (or the browser coming back) sends it.
    if (!this.offline) {
      void this.pump();
    }
  }

  /** The browser is online again (or the page visible again): try now. */
  resume(): void {
    this.failures = 0;
    if (this.running) {
      this.resumed = true;
    } else if (this.offline) {
      this.clearTimer();
      void this.pump();
    }
  }

  /**
   * Sends everything now, typing or not (before submitting). Resolves true
   * once nothing waits, false when something could not be sent.
   */
  async flush(): Promise<boolean> {
    for (const entry of this.pending.values()) {
      entry.readyAt = 0;
    }
    this.clearTimer();
    this.failures = 0;
    if (this.running) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    await this.pump();
    return this.pending.size === 0;
  }

  status(questionId: string): QuestionSave {
    const savedAt = this.saved.get(questionId) ?? null;
    const message = this.rejected.get(questionId) ?? null;
    if (this.pending.has(questionId)) {
      return { state: this.offline ? "queued" : "saving", savedAt, message: null };
    }
    if (message !== null) {
      return { state: "rejected", savedAt, message };
    }
    return { state: savedAt === null ? null : "saved", savedAt, message: null };
  }

  /** The whole attempt's state: the worst of its questions'. */
  overall(): { state: SaveState | null; waiting: number; rejected: number } {
    const waiting = this.pending.size;
    const rejected = this.rejected.size;
    const state: SaveState | null =
      waiting > 0
        ? this.offline
          ? "queued"
          : "saving"
        : rejected > 0
          ? "rejected"
          : this.saved.size > 0
            ? "saved"
            : null;
    return { state, waiting, rejected };
  }

  /** The attempt is over (submitted): nothing more is sent, nothing kept. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    this.pending.clear();
    this.options.storage?.removeItem(storageKey(this.options.attemptId));
    this.changed();
  }

  /** Sends what waits (answers kept from an earlier page first). */
  start(): void {
    void this.pump();
  }

  /** The page is gone: no timer is left behind (what waits stays in storage). */
  dispose(): void {
    this.clearTimer();
  }

  private async pump(): Promise<void> {
    if (this.running || this.closed) {
      return;
    }
    this.running = true;
    this.resumed = false;
    try {
      for (;;) {
        const entry = this.nextReady();
        if (!entry) {
          this.scheduleTyping();
          break;
        }
        if (!(await this.sendOne(entry))) {
          break;
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idle;
      this.idle = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  /** Sends one entry; false when the queue must stop (offline, closed). */
  private async sendOne(entry: Entry): Promise<boolean> {
    const { questionId, answer, seq } = entry;
    try {
      const reply = await this.options.save(questionId, answer, seq);
      this.offline = false;
      this.failures = 0;
      this.saved.set(questionId, reply.savedAt);
      this.settle(entry);
      return true;
    } catch (error) {
      if (isOffline(error) || (error instanceof ApiError && (error.status === 429 || error.status >= 500))) {
        this.offline = true;
        this.retryLater(error);
        this.changed();
        return false;
      }
      const stored = storedSeqOf(error);
      if (stored !== null) {
        // A newer answer won; the next change of this question goes after it.
        this.seqs[questionId] = Math.max(this.seqs[questionId] ?? 0, stored);
        this.settle(entry);
        this.options.onSuperseded?.(questionId);
        return true;
      }
      if (error instanceof ApiError && error.status === 409) {
        this.options.onClosed?.(error);
        this.close();
        return false;
      }
      if (error instanceof ApiError && error.status === 401) {
        // Signed out: kept (also in storage) until the person signs in again.
        this.offline = true;
        this.changed();
        return false;
      }
      this.rejected.set(questionId, rejection(error));
      this.settle(entry);
      return true;
    }
  }

  /** The entry was answered: it leaves the queue unless a newer value replaced it meanwhile. */
  private settle(entry: Entry): void {
    if (this.pending.get(entry.questionId)?.seq === entry.seq) {
      this.pending.delete(entry.questionId);
    }
    this.persist();
    this.changed();
  }

  private nextReady(): Entry | undefined {
    const now = Date.now();
    for (const entry of this.pending.values()) {
      if (entry.readyAt <= now) {
        return entry;
      }
    }
    return undefined;
  }

  private scheduleTyping(): void {
    const times = [...this.pending.values()].map((e) => e.readyAt);
    if (times.length > 0 && this.timer === null) {
      this.schedule(Math.max(0, Math.min(...times) - Date.now()));
    }
  }

  private retryLater(error: unknown): void {
    if (this.resumed) {
      this.resumed = false;
      this.clearTimer();
      this.schedule(0);
      return;
    }
    this.failures += 1;
    const after = error instanceof ApiError && error.retryAfter !== null ? error.retryAfter * 1000 : null;
    this.clearTimer();
    this.schedule(after ?? Math.min(1000 * 2 ** (this.failures - 1), this.maxBackoffMs));
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private load(): Persisted | null {
    try {
      const text = this.options.storage?.getItem(storageKey(this.options.attemptId));
      const value = text ? (JSON.parse(text) as Persisted) : null;
      return value?.v === 1 && Array.isArray(value.pending) ? value : null;
    } catch {
      return null;
    }
  }

  private persist(): void {
    const storage = this.options.storage;
    if (!storage) {
      return;
    }
    const key = storageKey(this.options.attemptId);
    try {
      if (this.pending.size === 0) {
        storage.removeItem(key);
        return;
      }
      const value: Persisted = {
        v: 1,
        pending: [...this.pending.values()].map(({ questionId, answer, seq }) => ({ questionId, answer, seq })),
        seqs: this.seqs,
      };
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or refused (private mode): the queue in memory still holds them.
    }
  }
}

function rejection(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.fieldErrors[0];
    if (field) {
      return field.message;
    }
    return error.problem?.detail ?? error.message;
  }
  return error instanceof Error ? error.message : "The answer could not be saved.";
}
