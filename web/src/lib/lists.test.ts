import { describe, expect, it } from "vitest";
import { move } from "./lists";

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
