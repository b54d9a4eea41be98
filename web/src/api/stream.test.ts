import { afterEach, describe, expect, it, vi } from "vitest";
import { stream } from "./stream";

function answering() {
  const calls: { method: string; ifMatch: string | undefined }[] = [];
  vi.stubGlobal("fetch", async (_path: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ method: init.method ?? "GET", ifMatch: headers["If-Match"] });
    return new Response(JSON.stringify({ id: "p1", text: "x" }), {
      status: 200,
      headers: { "Content-Type": "application/json", ETag: '"v9"' },
    });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("stream.edit and stream.remove", () => {
  it("send the version read when the edit began", async () => {
    const calls = answering();
    await stream.edit("c1", "p1", "new text", '"v1"');
    expect(calls).toEqual([{ method: "PATCH", ifMatch: '"v1"' }]);
  });

  it("never fetch the current version just before the change, which would always match", async () => {
    const calls = answering();
    await stream.edit("c1", "p1", "new text", null);
    await stream.remove("c1", "p1", '"v2"');
    expect(calls).toEqual([
      { method: "PATCH", ifMatch: undefined },
      { method: "DELETE", ifMatch: '"v2"' },
    ]);
  });
});
