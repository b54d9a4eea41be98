import { ApiError } from "../api/http";
import { isTransient } from "../app/queryClient";

/** An unconfirmed address is refused (403): the person must prove it owns the address first. */
export function needsConfirmedAddress(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** Ask again by itself only when the answer may change by itself (not a 403, which waits for the person). */
export function retryInvitations(failures: number, error: unknown): boolean {
  return !needsConfirmedAddress(error) && isTransient(error) && failures < 3;
}
