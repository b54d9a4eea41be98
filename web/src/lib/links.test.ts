import { describe, expect, it } from "vitest";
import { checkWebUrl, isWebUrl } from "./links";

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

describe("isWebUrl", () => {
  it("lets only http and https addresses become links", () => {
    expect(isWebUrl("https://en.wikipedia.org/wiki/Physics")).toBe(true);
    expect(isWebUrl("http://example.org")).toBe(true);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
    expect(isWebUrl("data:text/html,<b>x</b>")).toBe(false);
    expect(isWebUrl("not a url")).toBe(false);
  });
});
