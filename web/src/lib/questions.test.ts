import { describe, expect, it } from "vitest";
import type { Question } from "../api/exams";
import {
  fromQuestion,
  newDraft,
  parseNumber,
  parseTags,
  regradeBody,
  toQuestionInput,
  validateDraft,
} from "./questions";

const head = { id: "0192f0c6-aa11-7b22-8c33-d44e55f66a77", prompt: "Q?", points: 2, tags: [] };

const every: Question[] = [
  {
    ...head,
    type: "SINGLE_CHOICE",
    options: [
      { id: "a", text: "3" },
      { id: "b", text: "4" },
    ],
    correct: "b",
  },
  {
    ...head,
    type: "MULTIPLE_CHOICE",
    options: [
      { id: "a", text: "2" },
      { id: "b", text: "3" },
      { id: "c", text: "4" },
    ],
    correct: ["a", "b"],
    scoring: "PARTIAL",
  },
  { ...head, type: "TRUE_FALSE", correct: false },
  { ...head, type: "SHORT_TEXT", accepted: ["Paris", "paris city"], caseSensitive: true, pattern: "P.*" },
  { ...head, type: "NUMERIC", value: 3.14, tolerance: 0.01 },
  {
    ...head,
    type: "MATCHING",
    prompts: [{ id: "p1", text: "France" }],
    choices: [
      { id: "c1", text: "Paris" },
      { id: "c2", text: "Rome" },
    ],
    correct: { p1: "c1" },
  },
  {
    ...head,
    type: "ORDERING",
    items: [
      { id: "x", text: "2" },
      { id: "y", text: "1" },
    ],
    correct: ["y", "x"],
  },
  { ...head, type: "ESSAY", maxWords: 300 },
];

describe("the question editor's mapping", () => {
  it.each(every.map((q) => [q.type, q] as const))("keeps a %s question's key through the editor", (_type, question) => {
    const input = toQuestionInput(fromQuestion(question));
    const { tags: _tags, ...expected } = question;
    if (question.type === "ORDERING") {
      // Items come back in their right order, which is the key itself.
      expect(input).toEqual({
        ...expected,
        items: [
          { id: "y", text: "1" },
          { id: "x", text: "2" },
        ],
      });
    } else {
      expect(input).toEqual(expected);
    }
    expect(validateDraft(fromQuestion(question))).toEqual({});
  });

  it("sends tags only for the bank, trimmed and once each", () => {
    const draft = { ...fromQuestion(every[2]!), tags: " algebra, ,geometry,algebra " };
    expect(toQuestionInput(draft).tags).toBeUndefined();
    expect(toQuestionInput(draft, true).tags).toEqual(["algebra", "geometry"]);
    expect(parseTags("")).toEqual([]);
  });

  it("drops right options that were removed, and keeps the options' order", () => {
    const draft = { ...fromQuestion(every[1]!), correctOptions: ["b", "gone", "a"] };
    expect(toQuestionInput(draft).correct).toEqual(["a", "b"]);
  });

  it("reads decimals with a comma and leaves an empty essay limit out", () => {
    expect(parseNumber("1,5")).toBe(1.5);
    expect(Number.isNaN(parseNumber(""))).toBe(true);
    expect(toQuestionInput({ ...newDraft("ESSAY"), prompt: "Say", maxWords: "" }).maxWords).toBeNull();
  });

  it("names what the service would refuse, by member", () => {
    const blank = newDraft("SINGLE_CHOICE");
    expect(validateDraft({ ...blank, points: "1.234" })).toEqual({
      prompt: "must not be empty",
      points: "must be from 0 to 10000 with two decimals at most",
      options: "every option needs a text",
      correct: "choose the right option",
    });
    expect(validateDraft({ ...newDraft("SHORT_TEXT"), prompt: "x" })).toHaveProperty("accepted");
    expect(validateDraft({ ...newDraft("SHORT_TEXT"), prompt: "x", pattern: "[0-9]+" })).toEqual({});
    expect(validateDraft({ ...newDraft("NUMERIC"), prompt: "x", value: "abc", tolerance: "-1" })).toEqual({
      value: "must be a number",
      tolerance: "must be a number, 0 or more",
    });
    expect(validateDraft({ ...fromQuestion(every[5]!), pairs: {} })).toEqual({
      correct: "every prompt needs its right choice",
    });
    expect(validateDraft({ ...newDraft("ESSAY"), prompt: "x", maxWords: "2.5" })).toHaveProperty("maxWords");
  });

  it("regrades with the question's members and reason, never its id, type or tags", () => {
    const body = regradeBody({ ...fromQuestion(every[4]!), value: "3.1416" }, "  key was rounded ");
    expect(body).toEqual({ prompt: "Q?", points: 2, value: 3.1416, tolerance: 0.01, reason: "key was rounded" });
    expect(regradeBody(fromQuestion(every[2]!), "r", true)).toEqual({ prompt: "Q?", correct: false, reason: "r" });
  });
});
