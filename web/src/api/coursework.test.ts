import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commentsQuery } from "./coursework";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("commentsQuery", () => {
  it("follows nextCursor to the last comment", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", async (path: string) => {
      asked.push(path);
      const first = !path.includes("cursor=");
      const page = first
        ? { items: [{ id: "c3" }, { id: "c2" }], nextCursor: "next" }
        : { items: [{ id: "c1" }], nextCursor: null };
      return new Response(JSON.stringify(page), { status: 200, headers: { "Content-Type": "application/json" } });
    });
    const comments = await new QueryClient().fetchQuery(commentsQuery("course", "work"));
    expect(comments.items.map((c) => c.id)).toEqual(["c3", "c2", "c1"]);
    expect(comments.nextCursor).toBeNull();
    expect(asked).toHaveLength(2);
    expect(asked[1]).toContain("cursor=next");
  });
});
