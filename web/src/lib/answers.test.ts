import { describe, expect, it } from "vitest";
import type { Question } from "../api/exams";
import { describeAnswer, describeKey } from "./answers";

const head = { id: "q", prompt: "?", points: 1, tags: [] };

describe("answers in words", () => {
  it("names options by their text", () => {
    const q: Question = {
      ...head,
      type: "MULTIPLE_CHOICE",
      options: [
        { id: "a", text: "Red" },
        { id: "b", text: "Blue" },
      ],
      correct: ["b"],
      scoring: "PARTIAL",
    };
    expect(describeAnswer(q, ["a", "b"])).toBe("Red; Blue");
    expect(describeAnswer(q, [])).toBe("None chosen");
    expect(describeAnswer(q, undefined)).toBe("No answer");
    expect(describeKey(q)).toBe("Blue (partial credit)");
  });

  it("pairs a matching answer's prompts with the chosen texts", () => {
    const q: Question = {
      ...head,
      type: "MATCHING",
      prompts: [
        { id: "p1", text: "France" },
        { id: "p2", text: "Italy" },
      ],
      choices: [
        { id: "c1", text: "Paris" },
        { id: "c2", text: "Rome" },
      ],
      correct: { p1: "c1", p2: "c2" },
    };
    expect(describeAnswer(q, { p1: "c2" })).toBe("France → Rome; Italy → (none)");
    expect(describeKey(q)).toBe("France → Paris; Italy → Rome");
  });

  it("gives numeric keys with their tolerance, and no key for essays or students' questions", () => {
    expect(describeKey({ ...head, type: "NUMERIC", value: 3.14, tolerance: 0.01 })).toBe("3.14 ± 0.01");
    expect(describeKey({ ...head, type: "ESSAY", maxWords: null })).toBeNull();
    expect(describeKey({ id: "q", prompt: "?", points: 1, type: "NUMERIC" })).toBeNull();
    expect(describeAnswer({ ...head, type: "TRUE_FALSE", correct: true }, false)).toBe("False");
  });
});
