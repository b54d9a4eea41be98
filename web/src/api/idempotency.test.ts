import { describe, expect, it } from "vitest";
import { ApiError, keepsIdempotencyKey } from "./http";

describe("keepsIdempotencyKey", () => {
  it("keeps the key while the outcome is unknown", () => {
    for (const status of [0, 429, 500, 502, 503]) {
      expect(keepsIdempotencyKey(new ApiError(status, null, null))).toBe(true);
    }
  });
  it("takes a new key after a definite refusal", () => {
    for (const status of [400, 403, 404, 409, 422]) {
      expect(keepsIdempotencyKey(new ApiError(status, null, null))).toBe(false);
    }
  });
});
