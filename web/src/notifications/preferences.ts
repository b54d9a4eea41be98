import type { EmailMode, NotificationPreferences } from "../api/notifications";

/** `list` with `value` in it (`on`) or not, each value once, in a stable order. */
export function toggled(list: readonly string[], value: string, on: boolean): string[] {
  const rest = list.filter((item) => item !== value);
  return on ? [...rest, value].sort() : rest;
}

export function withEmail(
  preferences: NotificationPreferences,
  type: string,
  mode: EmailMode,
): NotificationPreferences {
  return { ...preferences, email: { ...preferences.email, [type]: mode } };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((item) => left.has(item));
}

/** Whether the form differs from what is stored (the Save button says so). */
export function changed(stored: NotificationPreferences, draft: NotificationPreferences): boolean {
  if (!sameSet(stored.mutedCourses, draft.mutedCourses) || !sameSet(stored.mutedTypes, draft.mutedTypes)) {
    return true;
  }
  const types = new Set([...Object.keys(stored.email), ...Object.keys(draft.email)]);
  return [...types].some((type) => stored.email[type] !== draft.email[type]);
}

/**
 * Muted courses the page cannot name: archived ones, or ones the person left.
 * They stay muted (the PUT replaces everything, so they are sent back as they
 * are), and the page says how many there are.
 */
export function unlistedCourses(muted: readonly string[], listed: readonly string[]): string[] {
  const known = new Set(listed);
  return muted.filter((id) => !known.has(id));
}
