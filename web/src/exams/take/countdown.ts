// The time left of an attempt, on the server's clock (the device's may be
// wrong by minutes), and what to tell a screen reader about it: a timer that
// spoke every second would drown everything else, so it speaks when crossing
// a few marks and when the deadline moves.

/** Seconds left at which a screen reader hears the time left. */
export const ANNOUNCE_AT_SECONDS = [30 * 60, 10 * 60, 5 * 60, 60, 30] as const;

/** Milliseconds left until `deadline` at device time `deviceNow`; null without a deadline. */
export function remainingMs(deadline: string | null, deviceNow: number, clockOffsetMs: number): number | null {
  if (deadline === null) {
    return null;
  }
  return Math.max(0, Date.parse(deadline) - (deviceNow + clockOffsetMs));
}

/** "1:02:03" or "4:05": what the visible timer shows (rounded up, so 0:00 means the time is up). */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${ss}` : `${minutes}:${ss}`;
}

/** The time left in words: "1 hour 5 minutes", "10 minutes", "30 seconds". */
export function spokenDuration(ms: number): string {
  const total = Math.ceil(ms / 1000);
  if (total < 60) {
    return plural(total, "second");
  }
  const minutes = Math.ceil(total / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) {
    return plural(minutes, "minute");
  }
  return rest === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * Decides what the live region says as the countdown ticks. `tick` is called
 * with the time left (ms) every second; it answers a sentence when a mark was
 * crossed since the last tick (only the nearest one when several were), and
 * null otherwise. The first tick only sets the starting point: a page opened
 * with 7 minutes left does not announce "10 minutes".
 */
export class CountdownAnnouncer {
  private lastSeconds: number | null = null;
  private lastDeadline: string | null | undefined = undefined;

  constructor(private readonly marks: readonly number[] = ANNOUNCE_AT_SECONDS) {}

  tick(remaining: number): string | null {
    const seconds = Math.ceil(remaining / 1000);
    const previous = this.lastSeconds;
    this.lastSeconds = seconds;
    if (previous === null || seconds >= previous) {
      return null;
    }
    if (seconds === 0) {
      return "Time is up. Your answers are being submitted.";
    }
    const crossed = this.marks.filter((mark) => previous > mark && seconds <= mark);
    if (crossed.length === 0) {
      return null;
    }
    return `${spokenDuration(Math.min(...crossed) * 1000)} left.`;
  }

  /**
   * The attempt's deadline as last read. Answers a sentence when it moved
   * (a teacher extended the time, or shortened an override before it was
   * reached), and restarts the marks from the new time left.
   */
  deadline(deadline: string | null, remaining: number | null): string | null {
    const previous = this.lastDeadline;
    this.lastDeadline = deadline;
    if (previous === undefined || previous === deadline) {
      return null;
    }
    this.lastSeconds = remaining === null ? null : Math.ceil(remaining / 1000);
    const left = remaining === null ? "" : ` ${spokenDuration(remaining)} left.`;
    if (deadline === null) {
      return "Your time was extended: this attempt has no time limit any more.";
    }
    if (previous === null || Date.parse(deadline) > Date.parse(previous)) {
      return `Your time was extended.${left}`;
    }
    return `Your deadline was moved earlier.${left}`;
  }
}
