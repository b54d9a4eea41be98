import { describe, expect, it } from "vitest";
import { move, withItem } from "./lists";

describe("move", () => {
  it("moves an item up and down, never past the ends", () => {
    expect(move(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(move(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(move(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
    expect(move(["a", "b", "c"], 0, 5)).toEqual(["b", "c", "a"]);
    expect(move(["a"], 3, 1)).toEqual(["a"]);
  });
});

describe("withItem", () => {
  it("adds or removes, leaving the given set as it was", () => {
    const set = new Set(["a"]);
    expect([...withItem(set, "b", true)]).toEqual(["a", "b"]);
    expect([...withItem(set, "a", false)]).toEqual([]);
    expect([...withItem(set, "a", true)]).toEqual(["a"]);
    expect([...set]).toEqual(["a"]);
  });
});
