// The whole stack (PostgreSQL, Redis, the mail sink, auth, api, exams,
// notify, nginx serving web/dist) for one test file, started by
// tools/stack.py on free ports in a temporary folder, exactly as the Python
// end-to-end tests start it. The folder is removed when every test passed,
// and kept (and named) otherwise.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const STACK = join(ROOT, "tools", "stack.py");
const BUILD_DIR = resolve(process.env.CLASSROOM_BUILD_DIR ?? join(ROOT, "build", "debug"));

export interface Stack {
  dir: string;
  url: string;
  maildir: string;
  state: Record<string, unknown>;
  stop(passed: boolean): void;
}

export function startStack(name: string, extraEnv: Record<string, string> = {}): Stack {
  const dir = mkdtempSync(join(tmpdir(), `classroom-web-${name}-`));
  // Sign-ins from one address are not this suite's subject (test_gateway_limits
  // is); hashing is made cheap: the tests register many users.
  const env = {
    ...process.env,
    CLASSROOM_GATEWAY_SIGNIN_RATE: "1000r/s",
    CLASSROOM_GATEWAY_SIGNIN_BURST: "1000",
    CLASSROOM_AUTH_ARGON2_PASSES: "1",
    CLASSROOM_AUTH_ARGON2_MEMORY_KIB: "8192",
    ...extraEnv,
  };
  const out = execFileSync("python3", [STACK, "up", "--dir", dir, "--build-dir", BUILD_DIR, "--instances", ""], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = out.trim().split("\n");
  const state = JSON.parse(lines[lines.length - 1] ?? "{}") as {
    urls: { gateway: string };
    mail: { maildir: string };
  };
  return {
    dir,
    url: state.urls.gateway,
    maildir: state.mail.maildir,
    state,
    stop(passed: boolean) {
      execFileSync("python3", [STACK, "down", "--dir", dir], { stdio: "inherit" });
      if (passed) {
        rmSync(dir, { recursive: true, force: true });
      } else {
        console.error(`stack folder kept for inspection: ${dir}`);
      }
    },
  };
}

/** The raw messages the mail sink kept for `address`, oldest first. */
export function mailsTo(stack: Stack, address: string): string[] {
  const folder = join(stack.maildir, "new");
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ path: join(folder, name), time: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => a.time - b.time)
    .map(({ path }) => readFileSync(path, "utf8"))
    .filter((text) => new RegExp(`^X-RcptTo: ${address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "mi").test(text));
}

/** Waits for a condition to hold (a value that is not null/undefined/false), never for a fixed time. */
export async function waitFor<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
}

/** The token of the `page` link ("/verify-email", "/reset-password") of the latest such mail to `address`. */
export async function linkFromMail(stack: Stack, address: string, page: string): Promise<string> {
  return waitFor(`a ${page} link mailed to ${address}`, () => {
    const mails = mailsTo(stack, address);
    for (let i = mails.length - 1; i >= 0; i--) {
      const match = new RegExp(`(https?://[^\\s]+${page}#token=[A-Za-z0-9_-]+)`).exec(mails[i] ?? "");
      if (match?.[1]) {
        return match[1];
      }
    }
    return null;
  });
}
