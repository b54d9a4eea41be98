import { describe, expect, it } from "vitest";
import { isWebUrl, sameSitePath } from "./paths";

const origin = "https://classroom.example.org";

describe("sameSitePath", () => {
  it("keeps a path of this site with its query and fragment", () => {
    expect(sameSitePath("/courses/c1/classwork?x=1#top", origin)).toBe("/courses/c1/classwork?x=1#top");
  });

  it("refuses whatever the browser would take to another site", () => {
    for (const value of [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil",
      "",
      null,
    ]) {
      expect(sameSitePath(value, origin), String(value)).toBeNull();
    }
  });
});

describe("isWebUrl", () => {
  it("accepts http and https only", () => {
    expect(isWebUrl("https://en.wikipedia.org/wiki/Physics")).toBe(true);
    expect(isWebUrl("http://example.org")).toBe(true);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
    expect(isWebUrl("data:text/html,<b>x</b>")).toBe(false);
    expect(isWebUrl("not a url")).toBe(false);
  });
});
