import { describe, expect, it } from "vitest";
import type { Section } from "../api/exams";
import { fromSections, newSection, toSectionsInput, totalPoints, validateSections } from "./examDraft";
import { newDraft } from "./questions";

const sections: Section[] = [
  {
    title: "Warm-up",
    questions: [
      {
        id: "0192f0c6-aa12-7b22-8c33-d44e55f66a78",
        type: "TRUE_FALSE",
        prompt: "7 is prime.",
        points: 1,
        tags: [],
        correct: true,
      },
    ],
  },
  { title: "", draw: { tag: "algebra", count: 3, pointsEach: 1.5 } },
];

describe("an exam's sections in the editor", () => {
  it("come back as they were stored, so an unchanged exam sends no sections", () => {
    expect(toSectionsInput(fromSections(sections))).toEqual([
      {
        title: "Warm-up",
        questions: [
          {
            id: "0192f0c6-aa12-7b22-8c33-d44e55f66a78",
            type: "TRUE_FALSE",
            prompt: "7 is prime.",
            points: 1,
            correct: true,
          },
        ],
      },
      { title: "", draw: { tag: "algebra", count: 3, pointsEach: 1.5 } },
    ]);
  });

  it("ignore a student's outline", () => {
    expect(fromSections([{ title: "A", questionCount: 4 }])).toEqual([]);
  });

  it("count points as the service does, draws included", () => {
    expect(totalPoints(fromSections(sections))).toBe(5.5);
    expect(totalPoints([{ ...newSection(), questions: [{ ...newDraft(), points: "x" }] }])).toBeNull();
  });

  it("name each problem by the service's path", () => {
    const draw = { ...newSection("draw"), tag: " ", count: "0" };
    const questions = { ...newSection(), questions: [{ ...newDraft("NUMERIC"), prompt: "2+2", value: "" }] };
    expect(validateSections([questions, draw])).toEqual({
      "sections[0].questions[0].value": "must be a number",
      "sections[1].draw.tag": "name the bank's tag to draw from",
      "sections[1].draw.count": "1 to 100",
    });
  });
});
