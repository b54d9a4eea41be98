import { describe, expect, it } from "vitest";
import { countWords, match, orderOf, toggle } from "./answers";

const items = [
  { id: "a", text: "A" },
  { id: "b", text: "B" },
  { id: "c", text: "C" },
];

describe("answers", () => {
  it("counts words as runs of non-space characters", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("   ")).toBe(0);
    expect(countWords(" one  two\nthree\t")).toBe(3);
  });

  it("shows a saved order first, then the items it left out", () => {
    expect(orderOf(items, undefined)).toEqual(["a", "b", "c"]);
    expect(orderOf(items, ["c", "a"])).toEqual(["c", "a", "b"]);
    expect(orderOf(items, ["c", "gone", "b", "a"])).toEqual(["c", "b", "a"]);
  });

  it("keeps chosen options in the options' order", () => {
    expect(toggle(items, ["c"], "a", true)).toEqual(["a", "c"]);
    expect(toggle(items, ["a", "c"], "a", false)).toEqual(["c"]);
  });

  it("sets and clears a matching prompt's choice", () => {
    expect(match({}, "p1", "c2")).toEqual({ p1: "c2" });
    expect(match({ p1: "c2", p2: "c1" }, "p1", "")).toEqual({ p2: "c1" });
  });
});
