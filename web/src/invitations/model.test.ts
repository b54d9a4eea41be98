import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { needsConfirmedAddress, retryInvitations } from "./model";

describe("needsConfirmedAddress", () => {
  it("is a 403 and nothing else", () => {
    expect(needsConfirmedAddress(new ApiError(403, null, null))).toBe(true);
    expect(needsConfirmedAddress(new ApiError(404, null, null))).toBe(false);
    expect(needsConfirmedAddress(new Error("x"))).toBe(false);
  });
});

describe("retryInvitations", () => {
  it("retries a service briefly down, never an unconfirmed address", () => {
    expect(retryInvitations(0, new ApiError(503, null, 1))).toBe(true);
    expect(retryInvitations(3, new ApiError(503, null, 1))).toBe(false);
    expect(retryInvitations(0, new ApiError(403, null, null))).toBe(false);
  });
});
