import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AnswerValue } from "../../api/exams";
import { ApiError } from "../../api/http";
import { AnswerQueue, storageKey, storedSeqOf, type SavedReply } from "./answerQueue";

interface Call {
  questionId: string;
  answer: AnswerValue;
  seq: number;
}

/** A service that records every save and answers as `reply` says (default: stored). */
function service() {
  const calls: Call[] = [];
  let reply: (call: Call) => SavedReply | Error = (call) => ({ seq: call.seq, savedAt: `t${calls.length}` });
  return {
    calls,
    answerWith(fn: (call: Call) => SavedReply | Error) {
      reply = fn;
    },
    save: async (questionId: string, answer: AnswerValue, seq: number): Promise<SavedReply> => {
      const call = { questionId, answer, seq };
      calls.push(call);
      const result = reply(call);
      if (result instanceof Error) {
        throw result;
      }
      return result;
    },
  };
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

const offline = () => new ApiError(0, null, null);
const problem = (status: number, detail: string, errors?: { field: string; message: string }[]) =>
  new ApiError(status, { type: "x", title: "x", status, detail, ...(errors ? { errors } : {}) }, null);

/** The exams service's answer to a stale seq: 409 with the stored one in X-Stored-Seq. */
const staleSeq = (stored: number) =>
  new ApiError(
    409,
    { type: "x", title: "x", status: 409, detail: `a later answer is stored (seq ${stored})` },
    null,
    undefined,
    new Headers({ "X-Stored-Seq": String(stored) }),
  );

/** Lets every pending promise and due timer run. */
async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AnswerQueue", () => {
  it("sends each change with an increasing seq per question, after what the service holds", async () => {
    const api = service();
    const queue = new AnswerQueue({ attemptId: "a", save: api.save, storedSeqs: { q1: 4 } });
    queue.set("q1", "b");
    queue.set("q2", true);
    await settle();
    queue.set("q1", "c");
    await settle();
    expect(api.calls).toEqual([
      { questionId: "q1", answer: "b", seq: 5 },
      { questionId: "q2", answer: true, seq: 1 },
      { questionId: "q1", answer: "c", seq: 6 },
    ]);
    expect(queue.status("q1").state).toBe("saved");
    expect(queue.overall()).toEqual({ state: "saved", waiting: 0, rejected: 0 });
  });

  it("sends typing once it pauses, only the latest text", async () => {
    const api = service();
    const queue = new AnswerQueue({ attemptId: "a", save: api.save, storedSeqs: {}, debounceMs: 500 });
    queue.set("q1", "P", true);
    queue.set("q1", "Pa", true);
    await settle(300);
    queue.set("q1", "Par", true);
    expect(queue.status("q1").state).toBe("saving");
    await settle(499);
    expect(api.calls).toEqual([]);
    await settle(1);
    expect(api.calls).toEqual([{ questionId: "q1", answer: "Par", seq: 3 }]);
  });

  it("keeps answers while offline, one per question, and sends them in order when back", async () => {
    const api = service();
    const storage = memoryStorage();
    const queue = new AnswerQueue({ attemptId: "a", save: api.save, storedSeqs: {}, storage });
    api.answerWith(() => offline());
    queue.set("q1", "x");
    await settle();
    expect(queue.status("q1").state).toBe("queued");
    queue.set("q2", 42);
    queue.set("q3", "first");
    queue.set("q3", "second");
    expect(queue.overall()).toEqual({ state: "queued", waiting: 3, rejected: 0 });

    api.calls.length = 0;
    api.answerWith((call) => ({ seq: call.seq, savedAt: "now" }));
    queue.resume();
    await settle();
    expect(api.calls).toEqual([
      { questionId: "q1", answer: "x", seq: 1 },
      { questionId: "q2", answer: 42, seq: 1 },
      { questionId: "q3", answer: "second", seq: 2 },
    ]);
    expect(queue.overall().state).toBe("saved");
    expect(storage.data.size).toBe(0);
  });

  it("retries by itself with a growing wait, and honours Retry-After", async () => {
    const api = service();
    const queue = new AnswerQueue({ attemptId: "a", save: api.save, storedSeqs: {} });
    api.answerWith(() => problem(503, "down"));
    queue.set("q1", "x");
    await settle();
    expect(api.calls).toHaveLength(1);
    await settle(1000);
    expect(api.calls).toHaveLength(2);
    await settle(1999);
    expect(api.calls).toHaveLength(2);
    await settle(1);
    expect(api.calls).toHaveLength(3);
    api.answerWith(() => new ApiError(503, null, 10));
    await settle(4000);
    expect(api.calls).toHaveLength(4);
    api.answerWith((call) => ({ seq: call.seq, savedAt: "now" }));
    await settle(9999);
    expect(api.calls).toHaveLength(4);
    await settle(1);
    expect(api.calls).toHaveLength(5);
    expect(queue.status("q1").state).toBe("saved");
    // The same seq every time: a save that did arrive is not counted twice.
    expect(new Set(api.calls.map((c) => c.seq))).toEqual(new Set([1]));
  });

  it("keeps a newer value that came while the older one was on its way", async () => {
    const api = service();
    let release: (() => void) | null = null;
    const queue = new AnswerQueue({
      attemptId: "a",
      storedSeqs: {},
      save: async (questionId, answer, seq) => {
        await api.save(questionId, answer, seq);
        if (seq === 1) {
          await new Promise<void>((resolve) => (release = resolve));
        }
        return { seq, savedAt: "now" };
      },
    });
    queue.set("q1", "old");
    await settle();
    queue.set("q1", "new");
    release!();
    await settle();
    expect(api.calls.map((c) => [c.answer, c.seq])).toEqual([
      ["old", 1],
      ["new", 2],
    ]);
    expect(queue.overall().waiting).toBe(0);
  });

  it("after a 409 naming a higher stored seq, drops its answer and goes on after the stored one", async () => {
    const api = service();
    const superseded: string[] = [];
    const queue = new AnswerQueue({
      attemptId: "a",
      save: api.save,
      storedSeqs: {},
      onSuperseded: (id) => superseded.push(id),
    });
    api.answerWith((call) => (call.seq < 7 ? staleSeq(7) : { seq: call.seq, savedAt: "now" }));
    queue.set("q1", "stale");
    queue.set("q2", "fine");
    await settle();
    expect(superseded).toEqual(["q1", "q2"]);
    queue.set("q1", "again");
    await settle();
    expect(api.calls.at(-1)).toEqual({ questionId: "q1", answer: "again", seq: 8 });
    expect(queue.status("q1").state).toBe("saved");
  });

  it("reads the stored seq of a 409 from its X-Stored-Seq header", () => {
    expect(storedSeqOf(staleSeq(12))).toBe(12);
    expect(storedSeqOf(problem(409, "the attempt was submitted: nothing is saved"))).toBeNull();
    expect(storedSeqOf(problem(422, "a later answer is stored (seq 12)"))).toBeNull();
  });

  it("shows a refused answer with the service's reason, and goes on with the others", async () => {
    const api = service();
    const queue = new AnswerQueue({ attemptId: "a", save: api.save, storedSeqs: {} });
    api.answerWith((call) =>
      call.questionId === "q1"
        ? problem(422, "invalid", [{ field: "answer", message: "must be at most 3 words" }])
        : { seq: call.seq, savedAt: "now" },
    );
    queue.set("q1", "far too many words");
    queue.set("q2", 1);
    await settle();
    expect(queue.status("q1")).toEqual({ state: "rejected", savedAt: null, message: "must be at most 3 words" });
    expect(queue.status("q2").state).toBe("saved");
    expect(queue.overall()).toEqual({ state: "rejected", waiting: 0, rejected: 1 });
    // A new answer clears the refusal.
    queue.set("q1", "ok");
    expect(queue.status("q1").state).toBe("saving");
  });

  it("stops at the deadline's 409 and tells the page", async () => {
    const api = service();
    const closed: string[] = [];
    const queue = new AnswerQueue({
      attemptId: "a",
      save: api.save,
      storedSeqs: {},
      onClosed: (e) => closed.push(e.problem?.detail ?? ""),
    });
    api.answerWith(() => problem(409, "the attempt's deadline has passed: nothing is saved"));
    queue.set("q1", "late");
    queue.set("q2", "later");
    await settle();
    expect(closed).toEqual(["the attempt's deadline has passed: nothing is saved"]);
    expect(api.calls).toHaveLength(1);
    queue.set("q3", "ignored");
    await settle();
    expect(api.calls).toHaveLength(1);
  });

  it("keeps what waits in storage, so a reload while offline sends it later", async () => {
    const storage = memoryStorage();
    const first = service();
    first.answerWith(() => offline());
    const before = new AnswerQueue({ attemptId: "att", save: first.save, storedSeqs: { q1: 2 }, storage });
    before.set("q1", ["a", "b"]);
    before.set("q2", { p1: "c1" });
    await settle();
    before.dispose();
    const kept = JSON.parse(storage.data.get(storageKey("att")) ?? "{}") as { pending: unknown[] };
    expect(kept.pending).toHaveLength(2);
    expect(JSON.stringify(kept)).not.toMatch(/token|session/i);

    // The page is loaded again; the service still holds seq 2 for q1.
    const second = service();
    const after = new AnswerQueue({ attemptId: "att", save: second.save, storedSeqs: { q1: 2 }, storage });
    expect(after.waiting()).toEqual(
      new Map<string, AnswerValue>([
        ["q1", ["a", "b"]],
        ["q2", { p1: "c1" }],
      ]),
    );
    expect(after.flush()).resolves.toBe(true);
    await settle();
    expect(second.calls).toEqual([
      { questionId: "q1", answer: ["a", "b"], seq: 3 },
      { questionId: "q2", answer: { p1: "c1" }, seq: 1 },
    ]);
    after.set("q1", ["b"]);
    await settle();
    expect(second.calls.at(-1)?.seq).toBe(4);
    expect(storage.data.has(storageKey("att"))).toBe(false);
  });

  it("flushes typing at once before a submit, and says whether everything went", async () => {
    const api = service();
    const queue = new AnswerQueue({ attemptId: "a", save: api.save, storedSeqs: {}, debounceMs: 5000 });
    queue.set("q1", "draft", true);
    const flushed = queue.flush();
    await settle();
    await expect(flushed).resolves.toBe(true);
    expect(api.calls).toHaveLength(1);

    api.answerWith(() => offline());
    queue.set("q1", "more", true);
    const failed = queue.flush();
    await settle();
    await expect(failed).resolves.toBe(false);
  });
});
