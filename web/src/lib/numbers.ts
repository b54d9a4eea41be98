/**
 * A typed number ("3.5", "-2", "1e3", "3,5" with a decimal comma); null when
 * it is not one ("1,000", "12abc", "0x10", "Infinity"), so that nothing
 * unreadable is sent.
 */
export function parseDecimal(text: string): number | null {
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
