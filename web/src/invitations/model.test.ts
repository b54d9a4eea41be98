import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { needsConfirmedAddress } from "./model";

describe("needsConfirmedAddress", () => {
  it("is a 403 and nothing else", () => {
    expect(needsConfirmedAddress(new ApiError(403, null, null))).toBe(true);
    expect(needsConfirmedAddress(new ApiError(404, null, null))).toBe(false);
    expect(needsConfirmedAddress(new Error("x"))).toBe(false);
  });
});
