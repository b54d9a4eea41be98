import { describe, expect, it } from "vitest";
import { checkWebUrl } from "./links";

describe("checkWebUrl", () => {
  it("accepts absolute http and https addresses", () => {
    expect(checkWebUrl("https://example.org/essay.pdf")).toBeNull();
    expect(checkWebUrl(" http://example.org ")).toBeNull();
  });

  it("refuses what the service refuses", () => {
    expect(checkWebUrl("example.org")).toMatch(/https:\/\//);
    expect(checkWebUrl("ftp://example.org")).toMatch(/https:\/\//);
    expect(checkWebUrl("https://exa mple.org")).toMatch(/https:\/\//);
    expect(checkWebUrl("javascript:alert(1)")).toMatch(/https:\/\//);
  });
});
