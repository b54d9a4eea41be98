import { describe, expect, it } from "vitest";
import { clockOffsetMs } from "../../api/attempts";
import { CountdownAnnouncer, formatClock, remainingMs, spokenDuration } from "./countdown";

describe("the server's clock", () => {
  it("takes the server's time as of halfway through the round trip", () => {
    const sentAt = Date.parse("2026-12-05T10:00:00.000Z");
    // The device is 2 minutes behind the server; the request took 400 ms.
    const offset = clockOffsetMs("2026-12-05T10:02:00.200Z", sentAt, sentAt + 400);
    expect(offset).toBe(120_000);
  });

  it("counts down on the server's time, not the device's", () => {
    const device = Date.parse("2026-12-05T10:00:00.000Z");
    const deadline = "2026-12-05T10:10:00.000Z";
    expect(remainingMs(deadline, device, 0)).toBe(600_000);
    // The server is 2 minutes ahead: 8 minutes are left, whatever the device thinks.
    expect(remainingMs(deadline, device, 120_000)).toBe(480_000);
    expect(remainingMs(deadline, device, 3_600_000)).toBe(0);
    expect(remainingMs(null, device, 0)).toBeNull();
  });
});

describe("formatting", () => {
  it("shows minutes and seconds, and hours when there are some", () => {
    expect(formatClock(65_000)).toBe("1:05");
    expect(formatClock(3_723_000)).toBe("1:02:03");
    expect(formatClock(400)).toBe("0:01");
    expect(formatClock(0)).toBe("0:00");
  });

  it("says durations in words", () => {
    expect(spokenDuration(30_000)).toBe("30 seconds");
    expect(spokenDuration(60_000)).toBe("1 minute");
    expect(spokenDuration(599_500)).toBe("10 minutes");
    expect(spokenDuration(3_900_000)).toBe("1 hour 5 minutes");
    expect(spokenDuration(7_200_000)).toBe("2 hours");
  });
});

describe("CountdownAnnouncer", () => {
  /** What the announcer says over a countdown from `fromS` to 0, one tick per second. */
  function run(announcer: CountdownAnnouncer, fromS: number): string[] {
    const said: string[] = [];
    for (let s = fromS; s >= 0; s--) {
      const sentence = announcer.tick(s * 1000);
      if (sentence) {
        said.push(sentence);
      }
    }
    return said;
  }

  it("speaks only at the marks, not every second", () => {
    expect(run(new CountdownAnnouncer(), 12 * 60)).toEqual([
      "10 minutes left.",
      "5 minutes left.",
      "1 minute left.",
      "30 seconds left.",
      "Time is up. Your answers are being submitted.",
    ]);
  });

  it("does not announce a mark already passed when the page opens", () => {
    const said = run(new CountdownAnnouncer(), 7 * 60);
    expect(said[0]).toBe("5 minutes left.");
  });

  it("says only the nearest mark when a tick jumps over several (a sleeping device)", () => {
    const announcer = new CountdownAnnouncer();
    announcer.tick(11 * 60_000);
    expect(announcer.tick(50_000)).toBe("1 minute left.");
  });

  it("announces an extended deadline and counts the marks again from the new time", () => {
    const announcer = new CountdownAnnouncer();
    expect(announcer.deadline("2026-12-05T10:05:00.000Z", 300_000)).toBeNull();
    announcer.tick(300_000);
    announcer.tick(50_000);
    expect(announcer.deadline("2026-12-05T10:15:00.000Z", 650_000)).toBe("Your time was extended. 11 minutes left.");
    // The marks passed before the extension are announced again.
    expect(announcer.tick(599_000)).toBe("10 minutes left.");
    // The same deadline read again says nothing.
    expect(announcer.deadline("2026-12-05T10:15:00.000Z", 598_000)).toBeNull();
  });

  it("says when a deadline moved earlier, or was lifted", () => {
    const announcer = new CountdownAnnouncer();
    announcer.deadline("2026-12-05T10:15:00.000Z", 900_000);
    expect(announcer.deadline("2026-12-05T10:10:00.000Z", 600_000)).toBe(
      "Your deadline was moved earlier. 10 minutes left.",
    );
    expect(announcer.deadline(null, null)).toMatch(/no time limit/);
  });
});
