/** A file name made from a course's name: letters, digits and dashes, never empty. */
export function fileNameFor(courseName: string, suffix: string, extension: string): string {
  const base = courseName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 80);
  return `${base || "course"}-${suffix}.${extension}`;
}

/**
 * Hands text to the browser as a downloaded file. The request is made with
 * fetch (so the session cookie and the CSRF header go with it, and a failure
 * can be shown in the page), then saved through a short-lived object URL.
 */
export function saveFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the click; the URL is no longer needed after it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
