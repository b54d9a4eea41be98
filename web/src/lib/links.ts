/** What the service accepts as a link: an absolute http(s) URL with a host, no spaces. */
export function checkWebUrl(text: string): string | null {
  const value = text.trim();
  if (!/^https?:\/\/[^/?#\s]/.test(value) || /\s/.test(value)) {
    return "Give a full address starting with https:// or http://.";
  }
  try {
    new URL(value);
  } catch {
    return "This is not a web address.";
  }
  return null;
}

/** Whether a stored link may be an `href` (ui/OutboundLink): the same rule, so javascript: or data: never is. */
export function isWebUrl(value: string): boolean {
  return checkWebUrl(value) === null;
}
