import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/http";
import { startRefusal } from "./startRefusal";

const conflict = (detail: string) =>
  new ApiError(409, { type: "/problems/invalid-state", title: "Not possible", status: 409, detail }, null);
const time = (iso: string) => `<${iso}>`;

describe("startRefusal", () => {
  it("explains each refusal the service names", () => {
    expect(startRefusal(conflict("the exam opens at 2025-03-10T08:00:00.000Z"), time)).toEqual({
      title: "This exam is not open yet",
      detail: "It opens on <2025-03-10T08:00:00.000Z>. Come back then.",
    });
    expect(startRefusal(conflict("the exam closed at 2025-03-10T10:00:00.000Z"), time)?.title).toBe(
      "This exam is closed",
    );
    expect(startRefusal(conflict("the exam is closed"), time)?.detail).toMatch(/teacher closed it/);
    expect(startRefusal(conflict("no attempts left (2 of 2 used)"), time)).toEqual({
      title: "No attempts left",
      detail: "You have used all your attempts (2 of 2). Ask your teacher if you need another.",
    });
    expect(startRefusal(conflict("the exam cannot be started: too few; tell the teacher"), time)?.detail).toBe(
      "the exam cannot be started: too few; tell the teacher",
    );
  });

  it("leaves other errors to the general notice", () => {
    expect(startRefusal(new ApiError(503, null, 1), time)).toBeNull();
    expect(startRefusal(new Error("x"), time)).toBeNull();
  });
});
