import { ApiError } from "../api/http";

/** What a person is told about a failed request: what happened, and what to do. */
export interface Explanation {
  title: string;
  detail: string;
  action: string;
  /** Seconds before trying again makes sense (429, 503). */
  retryAfter: number | null;
}

function waitPhrase(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * The explanation of any error a request can end in. The service's own
 * detail is kept where it says more than the status does.
 */
export function explain(error: unknown): Explanation {
  if (!(error instanceof ApiError)) {
    return {
      title: "Something went wrong",
      detail: error instanceof Error ? error.message : "An unexpected error happened in this page.",
      action: "Reload the page. If it happens again, tell your school's administrator.",
      retryAfter: null,
    };
  }
  const detail = error.problem?.detail ?? error.problem?.title ?? "";
  const wait = error.retryAfter;
  switch (error.status) {
    case 0:
      return {
        title: "You seem to be offline",
        detail: "Classroom could not be reached.",
        action: "Check your connection; this page tries again when you are back.",
        retryAfter: null,
      };
    case 401:
      return {
        title: "You are signed out",
        detail: detail || "Your session has ended.",
        action: "Sign in again to go on.",
        retryAfter: null,
      };
    case 403:
      return {
        title: "Not allowed",
        detail: detail || "Your account may not do this.",
        action: "Ask the course's teacher or your administrator if you think you should.",
        retryAfter: null,
      };
    case 404:
      return {
        title: "Not found",
        detail: detail || "It does not exist, or you cannot see it.",
        action: "Check the link, or go back to your courses.",
        retryAfter: null,
      };
    case 409:
      return {
        title: "That can't be done now",
        detail: detail || "Its state does not allow it.",
        action: "Reload to see its current state.",
        retryAfter: null,
      };
    case 410:
      return {
        title: "This link no longer works",
        detail: detail || "It was used already, or it expired.",
        action: "Ask for a new link.",
        retryAfter: null,
      };
    case 412:
      return {
        title: "Changed by someone else",
        detail: "It was changed since you opened it.",
        action: "Reload to see the latest version, then make your change again.",
        retryAfter: null,
      };
    case 413:
      return {
        title: "Too large",
        detail: detail || "What you sent is larger than Classroom accepts.",
        action: "Shorten it and try again.",
        retryAfter: null,
      };
    case 422:
      return {
        title: "Some fields need a change",
        detail: detail || "What you entered was not accepted.",
        action: "Correct the fields marked below and send again.",
        retryAfter: null,
      };
    case 429:
      return {
        title: "Too many attempts",
        detail: detail || "Classroom is slowing down requests like this one.",
        action: wait !== null ? `Wait ${waitPhrase(wait)}, then try again.` : "Wait a little, then try again.",
        retryAfter: wait,
      };
    case 502:
    case 503:
    case 504:
      return {
        title: "Classroom is having trouble",
        detail: detail || "A part of Classroom is not answering right now.",
        action:
          wait !== null
            ? `Try again in ${waitPhrase(wait)}.`
            : "Try again in a moment; nothing you saved before is lost.",
        retryAfter: wait,
      };
    default:
      return {
        title: error.status >= 500 ? "Classroom made an error" : "The request was refused",
        detail: detail || `The answer was ${error.status}.`,
        action:
          error.status >= 500
            ? `Try again. If it happens again, tell your administrator${error.problem?.requestId ? ` (request ${error.problem.requestId})` : ""}.`
            : "Check what you entered and try again.",
        retryAfter: null,
      };
  }
}
