// A student's answer and a question's key, in words, for a teacher grading an
// attempt: option ids become their texts, pairs become "prompt → choice".
import type { Option, Question, StudentQuestion } from "../api/exams";

function textOf(options: Option[], id: unknown): string {
  return options.find((o) => o.id === id)?.text ?? `(unknown option ${String(id)})`;
}

/** The answer as a teacher reads it; "No answer" when there is none. */
export function describeAnswer(question: Question | StudentQuestion, answer: unknown): string {
  if (answer === undefined || answer === null) {
    return "No answer";
  }
  switch (question.type) {
    case "SINGLE_CHOICE":
      return textOf(question.options, answer);
    case "MULTIPLE_CHOICE":
      return Array.isArray(answer) && answer.length > 0
        ? answer.map((id) => textOf(question.options, id)).join("; ")
        : "None chosen";
    case "TRUE_FALSE":
      return answer === true ? "True" : answer === false ? "False" : String(answer);
    case "MATCHING": {
      const pairs = answer as Record<string, string>;
      return question.prompts
        .map((p) => `${p.text} → ${pairs[p.id] ? textOf(question.choices, pairs[p.id]) : "(none)"}`)
        .join("; ");
    }
    case "ORDERING":
      return Array.isArray(answer) ? answer.map((id, i) => `${i + 1}. ${textOf(question.items, id)}`).join("; ") : "";
    default:
      return String(answer);
  }
}

/** The right answer in words; null for essays and questions seen without their key. */
export function describeKey(question: Question | StudentQuestion): string | null {
  if (!("correct" in question) && question.type !== "SHORT_TEXT" && question.type !== "NUMERIC") {
    return null;
  }
  const q = question as Question;
  switch (q.type) {
    case "SINGLE_CHOICE":
      return textOf(q.options, q.correct);
    case "MULTIPLE_CHOICE":
      return `${q.correct.map((id) => textOf(q.options, id)).join("; ")} (${q.scoring === "PARTIAL" ? "partial credit" : "all or nothing"})`;
    case "TRUE_FALSE":
      return q.correct ? "True" : "False";
    case "SHORT_TEXT":
      if (!("accepted" in q)) {
        return null;
      }
      return [
        q.accepted.length ? q.accepted.join(" / ") : null,
        q.pattern ? `pattern ${q.pattern}` : null,
        q.caseSensitive ? "case sensitive" : null,
      ]
        .filter(Boolean)
        .join(", ");
    case "NUMERIC":
      if (!("value" in q)) {
        return null;
      }
      return q.tolerance > 0 ? `${q.value} ± ${q.tolerance}` : String(q.value);
    case "MATCHING":
      return q.prompts.map((p) => `${p.text} → ${textOf(q.choices, q.correct[p.id])}`).join("; ");
    case "ORDERING":
      return q.correct.map((id, i) => `${i + 1}. ${textOf(q.items, id)}`).join("; ");
    case "ESSAY":
      return null;
  }
}
