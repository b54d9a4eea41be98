import { describe, expect, it } from "vitest";
import { cellQueue } from "./cellQueue";

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("cellQueue", () => {
  it("starts a cell's save only after its previous one answered", async () => {
    const queue = cellQueue();
    const started: string[] = [];
    const first = deferred();
    const one = queue.run("a", async () => {
      started.push("8");
      await first.promise;
    });
    const two = queue.run("a", async () => {
      started.push("9");
    });
    await tick();
    expect(started).toEqual(["8"]);
    first.resolve();
    await Promise.all([one, two]);
    // 8 was under way when 9 came: 9 goes to the server after it, so the server ends with 9.
    expect(started).toEqual(["8", "9"]);
  });

  it("ignores the answer of a save that a later one superseded", async () => {
    const queue = cellQueue();
    const applied: string[] = [];
    const first = deferred();
    const one = queue.run("a", async (latest) => {
      await first.promise;
      if (latest()) {
        applied.push("8");
      }
    });
    const two = queue.run("a", async (latest) => {
      if (latest()) {
        applied.push("9");
      }
    });
    first.resolve();
    await Promise.all([one, two]);
    expect(applied).toEqual(["9"]);
  });

  it("skips a queued save superseded before it started", async () => {
    const queue = cellQueue();
    const started: string[] = [];
    const first = deferred();
    const runs = [
      queue.run("a", async () => {
        started.push("7");
        await first.promise;
      }),
      queue.run("a", async () => void started.push("8")),
      queue.run("a", async () => void started.push("9")),
    ];
    first.resolve();
    await Promise.all(runs);
    expect(started).toEqual(["7", "9"]);
  });

  it("goes on after a failed save, and keeps cells apart", async () => {
    const queue = cellQueue();
    const started: string[] = [];
    const first = deferred();
    const failing = queue.run("a", async () => {
      started.push("a1");
      await first.promise;
    });
    const other = queue.run("b", async () => void started.push("b1"));
    const after = queue.run("a", async () => void started.push("a2"));
    await other;
    expect(started).toEqual(["a1", "b1"]);
    first.reject(new Error("offline"));
    await expect(failing).rejects.toThrow("offline");
    await after;
    expect(started).toEqual(["a1", "b1", "a2"]);
  });
});
