// Turning what a person does with a question's controls into the answer the
// service takes (docs/openapi/exams.yaml, "Answer"), and back.
import type { AnswerValue, Choice } from "../../api/attempts";

/** Words as the service counts them: runs of non-space characters. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}

/**
 * A typed number ("3.5", "-2", "1e3", "3,5" with a decimal comma); null when
 * it is not one, so that nothing unreadable is sent.
 */
export function parseNumber(text: string): number | null {
  const cleaned = text.trim().replace(/\s/g, "");
  if (cleaned === "") {
    return null;
  }
  const normalized = /^[-+]?\d+,\d+$/.test(cleaned) ? cleaned.replace(",", ".") : cleaned;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalized)) {
    return null;
  }
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

/** `ids` with the one at `from` moved by `by` places (clamped to the list). */
export function move<T>(ids: readonly T[], from: number, by: number): T[] {
  const to = Math.min(ids.length - 1, Math.max(0, from + by));
  const next = [...ids];
  const [item] = next.splice(from, 1);
  if (item !== undefined) {
    next.splice(to, 0, item);
  }
  return next;
}

/**
 * The order an ordering question shows: the saved answer's order, then any
 * item it leaves out (a partial list is an answer), in the attempt's order.
 */
export function orderOf(items: readonly Choice[], answer: AnswerValue | undefined): string[] {
  const known = new Set(items.map((i) => i.id));
  const saved = Array.isArray(answer) ? answer.filter((id) => known.has(id)) : [];
  return [...saved, ...items.map((i) => i.id).filter((id) => !saved.includes(id))];
}

/** Checkbox answers: the chosen ids, in the options' order. */
export function toggle(options: readonly Choice[], chosen: readonly string[], id: string, on: boolean): string[] {
  const set = new Set(chosen);
  if (on) {
    set.add(id);
  } else {
    set.delete(id);
  }
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
