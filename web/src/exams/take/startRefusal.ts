// Why an attempt may not start now (409 of POST …/attempts), told as a
// student needs it: the service's detail names the case and its time.
import { ApiError } from "../../api/http";

export interface Refusal {
  title: string;
  detail: string;
}

export function startRefusal(error: unknown, formatTime: (iso: string) => string): Refusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) {
    return null;
  }
  const detail = error.problem?.detail ?? "";
  const time = /(\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(detail)?.[1];
  const used = /no attempts left \((\d+) of (\d+) used\)/.exec(detail);
  if (/opens at/.test(detail) && time) {
    return { title: "This exam is not open yet", detail: `It opens on ${formatTime(time)}. Come back then.` };
  }
  if (/closed at/.test(detail) && time) {
    return { title: "This exam is closed", detail: `It closed on ${formatTime(time)}. No new attempt can start.` };
  }
  if (/is closed/.test(detail)) {
    return { title: "This exam is closed", detail: "Your teacher closed it. No new attempt can start." };
  }
  if (used) {
    return {
      title: "No attempts left",
      detail: `You have used all your attempts (${used[1]} of ${used[2]}). Ask your teacher if you need another.`,
    };
  }
  if (/not published/.test(detail)) {
    return { title: "This exam is not published", detail: "Your teacher has not made it available yet." };
  }
  return { title: "The exam cannot be started", detail: detail || "Its state does not allow it now." };
}
