import { ApiError } from "../api/http";

/** An unconfirmed address is refused (403): the person must prove it owns the address first. */
export function needsConfirmedAddress(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}
