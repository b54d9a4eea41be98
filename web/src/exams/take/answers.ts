// Turning what a person does with a question's controls into the answer the
// service takes (docs/openapi/exams.yaml, "Answer"), and back.
import type { AnswerValue, Option } from "../../api/exams";
import { withItem } from "../../lib/lists";

/** Words as the service counts them: runs of non-space characters. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}

/**
 * The order an ordering question shows: the saved answer's order, then any
 * item it leaves out (a partial list is an answer), in the attempt's order.
 */
export function orderOf(items: readonly Option[], answer: AnswerValue | undefined): string[] {
  const known = new Set(items.map((i) => i.id));
  const saved = Array.isArray(answer) ? answer.filter((id) => known.has(id)) : [];
  return [...saved, ...items.map((i) => i.id).filter((id) => !saved.includes(id))];
}

/** Checkbox answers: the chosen ids, in the options' order. */
export function toggle(options: readonly Option[], chosen: readonly string[], id: string, on: boolean): string[] {
  const set = withItem(new Set(chosen), id, on);
  return options.map((o) => o.id).filter((optionId) => set.has(optionId));
}

/** A matching answer: the prompts given a choice; a prompt set back to none leaves it. */
export function match(current: Record<string, string>, promptId: string, choiceId: string): Record<string, string> {
  const next = { ...current };
  if (choiceId === "") {
    delete next[promptId];
  } else {
    next[promptId] = choiceId;
  }
  return next;
}
