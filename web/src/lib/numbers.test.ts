import { describe, expect, it } from "vitest";
import { parseDecimal } from "./numbers";

describe("parseDecimal", () => {
  it("reads numbers, with a decimal comma too, and refuses what is not one", () => {
    expect(parseDecimal("3.5")).toBe(3.5);
    expect(parseDecimal(" -2 ")).toBe(-2);
    expect(parseDecimal("3,5")).toBe(3.5);
    expect(parseDecimal("1e3")).toBe(1000);
    expect(parseDecimal(".5")).toBe(0.5);
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("12abc")).toBeNull();
    expect(parseDecimal("1,000,000")).toBeNull();
    expect(parseDecimal("0x10")).toBeNull();
    expect(parseDecimal("Infinity")).toBeNull();
  });
});
