/**
 * A path of this site, from a value someone else chose (`?next=` after
 * signing in, a notification's link): its path, query and fragment when it
 * resolves to this origin, otherwise null. Resolved as the browser would
 * resolve it, so "//host", "/\host", "/<tab>/host" and "javascript:" are all
 * refused rather than matched against a list of tricks.
 */
export function sameSitePath(value: string | null | undefined, origin: string = pageOrigin()): string | null {
  if (!value || !value.startsWith("/")) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) {
    return null;
  }
  return url.pathname + url.search + url.hash;
}

function pageOrigin(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}
