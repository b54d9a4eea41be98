// The question editor's model: one shape holding what every type's inputs
// edit (numbers as the texts typed), mapped to the service's question of the
// chosen type and back. Checking here what the service would refuse tells the
// teacher at once, next to the input; the service's 422 stays the authority.
import type { Option, Question, QuestionInput, QuestionType, Scoring } from "../api/exams";
import { parseDecimal } from "./numbers";

export interface QuestionDraft {
  /** A stable key for lists while editing (not sent). */
  key: string;
  /** The question's id once it has one (kept so that attempts and statistics follow it). */
  id: string | null;
  type: QuestionType;
  prompt: string;
  points: string;
  tags: string;
  /** Choice options (SINGLE_CHOICE, MULTIPLE_CHOICE). */
  options: Option[];
  correctOption: string;
  correctOptions: string[];
  scoring: Scoring;
  correctBool: boolean;
  /** SHORT_TEXT: one accepted answer per line. */
  accepted: string;
  caseSensitive: boolean;
  pattern: string;
  value: string;
  tolerance: string;
  prompts: Option[];
  choices: Option[];
  pairs: Record<string, string>;
  /** ORDERING: the items in their right order. */
  items: Option[];
  maxWords: string;
}

let counter = 0;
/** A short id, unique in this page, for a new option or draft. */
export function localId(prefix = "o"): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
}

function option(text = ""): Option {
  return { id: localId(), text };
}

export function newDraft(type: QuestionType = "SINGLE_CHOICE"): QuestionDraft {
  const options = [option(), option()];
  return {
    key: localId("q"),
    id: null,
    type,
    prompt: "",
    points: "1",
    tags: "",
    options,
    correctOption: "",
    correctOptions: [],
    scoring: "ALL_OR_NOTHING",
    correctBool: true,
    accepted: "",
    caseSensitive: false,
    pattern: "",
    value: "",
    tolerance: "0",
    prompts: [option()],
    choices: [option(), option()],
    pairs: {},
    items: [option(), option()],
    maxWords: "",
  };
}

/** The draft that edits a stored question. */
export function fromQuestion(question: Question): QuestionDraft {
  const draft: QuestionDraft = {
    ...newDraft(question.type),
    id: question.id,
    prompt: question.prompt,
    points: String(question.points),
    tags: (question.tags ?? []).join(", "),
  };
  switch (question.type) {
    case "SINGLE_CHOICE":
      return { ...draft, options: question.options, correctOption: question.correct };
    case "MULTIPLE_CHOICE":
      return { ...draft, options: question.options, correctOptions: question.correct, scoring: question.scoring };
    case "TRUE_FALSE":
      return { ...draft, correctBool: question.correct };
    case "SHORT_TEXT":
      return {
        ...draft,
        accepted: question.accepted.join("\n"),
        caseSensitive: question.caseSensitive,
        pattern: question.pattern ?? "",
      };
    case "NUMERIC":
      return { ...draft, value: String(question.value), tolerance: String(question.tolerance) };
    case "MATCHING":
      return { ...draft, prompts: question.prompts, choices: question.choices, pairs: { ...question.correct } };
    case "ORDERING": {
      const byId = new Map(question.items.map((item) => [item.id, item]));
      const ordered = question.correct.flatMap((id) => byId.get(id) ?? []);
      return { ...draft, items: ordered.length === question.items.length ? ordered : question.items };
    }
    case "ESSAY":
      return { ...draft, maxWords: question.maxWords === null ? "" : String(question.maxWords) };
  }
}

export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const tag = part.trim();
    if (tag) {
      seen.add(tag);
    }
  }
  return [...seen];
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function cleanOptions(options: Option[]): Option[] {
  return options.map((o) => ({ id: o.id, text: o.text.trim() }));
}

/** A decimal typed by a person ("1,5" too); NaN when it is none. */
export function parseNumber(text: string): number {
  // NaN rather than null: the drafts' checks refuse it next to its input.
  return parseDecimal(text) ?? Number.NaN;
}

/** The question as the service takes it; `withTags` for bank questions. */
export function toQuestionInput(draft: QuestionDraft, withTags = false): QuestionInput {
  const head: QuestionInput = { type: draft.type, prompt: draft.prompt.trim(), points: parseNumber(draft.points) };
  if (draft.id) {
    head.id = draft.id;
  }
  if (withTags) {
    head.tags = parseTags(draft.tags);
  }
  switch (draft.type) {
    case "SINGLE_CHOICE":
      return { ...head, options: cleanOptions(draft.options), correct: draft.correctOption };
    case "MULTIPLE_CHOICE":
      return {
        ...head,
        options: cleanOptions(draft.options),
        // In the options' order, and only options that still exist.
        correct: draft.options.map((o) => o.id).filter((id) => draft.correctOptions.includes(id)),
        scoring: draft.scoring,
      };
    case "TRUE_FALSE":
      return { ...head, correct: draft.correctBool };
    case "SHORT_TEXT":
      return {
        ...head,
        accepted: lines(draft.accepted),
        caseSensitive: draft.caseSensitive,
        pattern: draft.pattern.trim() === "" ? null : draft.pattern.trim(),
      };
    case "NUMERIC":
      return { ...head, value: parseNumber(draft.value), tolerance: parseNumber(draft.tolerance || "0") };
    case "MATCHING": {
      const correct: Record<string, string> = {};
      for (const prompt of draft.prompts) {
        const choice = draft.pairs[prompt.id];
        if (choice && draft.choices.some((c) => c.id === choice)) {
          correct[prompt.id] = choice;
        }
      }
      return { ...head, prompts: cleanOptions(draft.prompts), choices: cleanOptions(draft.choices), correct };
    }
    case "ORDERING":
      return { ...head, items: cleanOptions(draft.items), correct: draft.items.map((item) => item.id) };
    case "ESSAY":
      return { ...head, maxWords: draft.maxWords.trim() === "" ? null : parseNumber(draft.maxWords) };
  }
}

function twoDecimals(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-9;
}

function checkOptions(errors: Record<string, string>, field: string, options: Option[], least: number, what: string) {
  if (options.length < least) {
    errors[field] = `needs at least ${least} ${what}`;
  } else if (options.some((o) => o.text.trim() === "")) {
    errors[field] = `every ${what.replace(/s$/, "")} needs a text`;
  }
}

/**
 * What the service would refuse, by the member's name as its 422 names it
 * ("points", "options", "correct", …); empty when the draft can be sent.
 */
export function validateDraft(draft: QuestionDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.prompt.trim() === "") {
    errors.prompt = "must not be empty";
  }
  const points = parseNumber(draft.points);
  if (!Number.isFinite(points) || points < 0 || points > 10000 || !twoDecimals(points)) {
    errors.points = "must be from 0 to 10000 with two decimals at most";
  }
  switch (draft.type) {
    case "SINGLE_CHOICE":
      checkOptions(errors, "options", draft.options, 2, "options");
      if (!draft.options.some((o) => o.id === draft.correctOption)) {
        errors.correct = "choose the right option";
      }
      break;
    case "MULTIPLE_CHOICE":
      checkOptions(errors, "options", draft.options, 2, "options");
      if (!draft.options.some((o) => draft.correctOptions.includes(o.id))) {
        errors.correct = "mark at least one right option";
      }
      break;
    case "SHORT_TEXT":
      if (lines(draft.accepted).length === 0 && draft.pattern.trim() === "") {
        errors.accepted = "give at least one accepted answer, or a pattern";
      }
      break;
    case "NUMERIC": {
      if (!Number.isFinite(parseNumber(draft.value))) {
        errors.value = "must be a number";
      }
      const tolerance = parseNumber(draft.tolerance || "0");
      if (!Number.isFinite(tolerance) || tolerance < 0) {
        errors.tolerance = "must be a number, 0 or more";
      }
      break;
    }
    case "MATCHING":
      checkOptions(errors, "prompts", draft.prompts, 1, "prompts");
      checkOptions(errors, "choices", draft.choices, 2, "choices");
      if (draft.prompts.some((p) => !draft.choices.some((c) => c.id === draft.pairs[p.id]))) {
        errors.correct = "every prompt needs its right choice";
      }
      break;
    case "ORDERING":
      checkOptions(errors, "items", draft.items, 2, "items");
      break;
    case "ESSAY":
      if (draft.maxWords.trim() !== "") {
        const words = parseNumber(draft.maxWords);
        if (!Number.isInteger(words) || words < 1 || words > 25000) {
          errors.maxWords = "must be a whole number from 1 to 25000, or empty";
        }
      }
      break;
    case "TRUE_FALSE":
      break;
  }
  return errors;
}

/** Every member a question of some type has besides its type, id and tags: where a 422 may point. */
export const QUESTION_MEMBERS = [
  "prompt",
  "points",
  "options",
  "correct",
  "scoring",
  "accepted",
  "caseSensitive",
  "pattern",
  "value",
  "tolerance",
  "prompts",
  "choices",
  "items",
  "maxWords",
] as const;

export const TYPE_LABELS: Record<QuestionType, string> = {
  SINGLE_CHOICE: "Single choice",
  MULTIPLE_CHOICE: "Multiple choice",
  TRUE_FALSE: "True or false",
  SHORT_TEXT: "Short text",
  NUMERIC: "Numeric",
  MATCHING: "Matching",
  ORDERING: "Ordering",
  ESSAY: "Essay",
};

/**
 * The members a regrade sends: the question as authored, but never its id,
 * type or tags, nor the points of a question drawn from the bank (its
 * section's pointsEach decides them).
 */
export function regradeBody(draft: QuestionDraft, reason: string, drawn = false): Record<string, unknown> {
  const members: Record<string, unknown> = { ...toQuestionInput(draft) };
  delete members.id;
  delete members.type;
  delete members.tags;
  if (drawn) {
    delete members.points;
  }
  return { ...members, reason: reason.trim() };
}
