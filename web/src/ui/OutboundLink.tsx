import { isWebUrl } from "../lib/links";

/**
 * A link someone entered (a material, a link in a submission), opened in a new
 * tab. Only http and https become a link: another scheme (javascript:, data:)
 * is shown as text, whatever the service let through.
 */
export function OutboundLink({ url, title }: { url: string; title?: string | null }) {
  const text = title || url;
  if (!isWebUrl(url)) {
    return <span>{text}</span>;
  }
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {text}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
