const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : "";
}

/** A datetime-local input's value for an RFC 3339 time, in the browser's zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) {
    return "";
  }
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The RFC 3339 time (UTC, Z) of a datetime-local input's value; null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) {
    return null;
  }
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}
