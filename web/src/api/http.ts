// Every request the pages make goes through here: same origin, the session
// cookie (HttpOnly: script never sees the token), the header auth requires of
// a cookie-authenticated write (X-Requested-With, which a cross-site form
// cannot send), and one error type built from the services' problem details.

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem as the services and the gateway answer it (API.md). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
}

/**
 * A request that did not succeed. `status` is 0 when no answer came at all
 * (offline, or the gateway unreachable).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** Seconds to wait, from Retry-After (429 and 503). */
  readonly retryAfter: number | null;
  /** The answer's headers (none when nothing answered), for facts a problem names there (X-Stored-Seq). */
  readonly headers: Headers;

  constructor(
    status: number,
    problem: Problem | null,
    retryAfter: number | null,
    message?: string,
    headers: Headers = new Headers(),
  ) {
    super(message ?? problem?.detail ?? problem?.title ?? `request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
    this.headers = headers;
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A create that may be sent again safely (API.md: Idempotency-Key). */
  idempotencyKey?: string;
  /** The ETag the change is based on (412 when it is stale). */
  ifMatch?: string;
}

/** A resource with the version (ETag) its next change is based on (If-Match). */
export interface Versioned<T> {
  data: T;
  etag: string | null;
}

export interface Answer<T> extends Versioned<T> {
  headers: Headers;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === "") {
    return null;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as Problem).status === "number";
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) {
    return null;
  }
  try {
    const body: unknown = await response.json();
    return isProblem(body) ? body : null;
  } catch {
    return null;
  }
}

export async function send<T>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "X-Requested-With": "XMLHttpRequest",
    ...options.headers,
  };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (options.idempotencyKey) {
    headers["Idempotency-Key"] = options.idempotencyKey;
  }
  if (options.ifMatch) {
    headers["If-Match"] = options.ifMatch;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(0, null, null, "Classroom could not be reached: check your connection.");
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(
      response.status,
      problem,
      parseRetryAfter(response.headers.get("retry-after")),
      undefined,
      response.headers,
    );
  }
  const etag = response.headers.get("etag");
  if (response.status === 204 || response.status === 202 || response.headers.get("content-length") === "0") {
    return { data: undefined as T, etag, headers: response.headers };
  }
  const accept = headers.Accept ?? "";
  const data = (accept.includes("json") ? await response.json() : await response.text()) as T;
  return { data, etag, headers: response.headers };
}

export const http = {
  get: async <T>(path: string, options?: RequestOptions) => (await send<T>("GET", path, options)).data,
  post: async <T>(path: string, body?: unknown, options?: RequestOptions) =>
    (await send<T>("POST", path, { ...options, body })).data,
  put: async <T>(path: string, body?: unknown, options?: RequestOptions) =>
    (await send<T>("PUT", path, { ...options, body })).data,
  patch: async <T>(path: string, body?: unknown, options?: RequestOptions) =>
    (await send<T>("PATCH", path, { ...options, body })).data,
  delete: async <T = void>(path: string, options?: RequestOptions) => (await send<T>("DELETE", path, options)).data,
};

/** A path with its query: undefined and empty values are left out. */
export function withQuery(path: string, query: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A new Idempotency-Key for one user action (its retries reuse it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * Whether a failed create may be sent again with the same Idempotency-Key:
 * only when its outcome is unknown to the page: no answer came, or one the
 * service does not keep against the key (a 5xx or a 429: the retry acts).
 * Any other answer, a 409 included, is kept and would come back the same; the
 * person changes the request, which is a new action with a new key (the old
 * key with another body would be refused as reused).
 */
export function keepsIdempotencyKey(error: unknown): boolean {
  if (!(error instanceof ApiError)) {
    return true;
  }
  return error.status === 0 || error.status === 429 || error.status >= 500;
}
