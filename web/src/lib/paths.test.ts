import { describe, expect, it } from "vitest";
import { sameSitePath } from "./paths";

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
