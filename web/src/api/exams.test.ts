import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { removeFromPages } from "./exams";

describe("removeFromPages", () => {
  it("takes an item out of every cached page under the key, and puts it back on rollback", async () => {
    const client = new QueryClient();
    const all = { items: [{ id: "a" }, { id: "b" }], nextCursor: null };
    const tagged = { items: [{ id: "b" }], nextCursor: null };
    client.setQueryData(["course", "c", "bank", { tag: "" }], all);
    client.setQueryData(["course", "c", "bank", { tag: "x" }], tagged);
    client.setQueryData(["course", "other", "bank", { tag: "" }], all);

    const rollback = await removeFromPages<{ id: string }>(client, ["course", "c", "bank"], (q) => q.id === "b");
    expect(client.getQueryData(["course", "c", "bank", { tag: "" }])).toEqual({
      items: [{ id: "a" }],
      nextCursor: null,
    });
    expect(client.getQueryData(["course", "c", "bank", { tag: "x" }])).toEqual({ items: [], nextCursor: null });
    expect(client.getQueryData(["course", "other", "bank", { tag: "" }])).toBe(all);

    rollback();
    expect(client.getQueryData(["course", "c", "bank", { tag: "" }])).toEqual(all);
    expect(client.getQueryData(["course", "c", "bank", { tag: "x" }])).toEqual(tagged);
  });
});
