/** `list` with the element at `from` moved by `by` places (−1 up, +1 down), clamped to the ends; a copy. */
export function move<T>(list: readonly T[], from: number, by: number): T[] {
  const to = Math.min(list.length - 1, Math.max(0, from + by));
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) {
    next.splice(to, 0, item);
  }
  return next;
}

/** `set` with `item` in it or not; a new set (React state is replaced, not changed). */
export function withItem<T>(set: ReadonlySet<T>, item: T, present: boolean): Set<T> {
  const next = new Set(set);
  if (present) {
    next.add(item);
  } else {
    next.delete(item);
  }
  return next;
}
