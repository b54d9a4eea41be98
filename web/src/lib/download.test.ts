import { describe, expect, it } from "vitest";
import { fileNameFor } from "./download";

describe("fileNameFor", () => {
  it("names a file after the course, safely", () => {
    expect(fileNameFor("Physics 101", "grades", "csv")).toBe("physics-101-grades.csv");
    expect(fileNameFor("Économie / Période 2", "grades", "csv")).toBe("economie-periode-2-grades.csv");
    expect(fileNameFor("***", "grades", "csv")).toBe("course-grades.csv");
  });
});
