// A person's own HTTP client for setting up what a test (or the screenshots)
// needs quickly, with the same cookie session and CSRF header the pages use;
// its cookies can be handed to a browser context (storageState).
import { request, type APIRequestContext } from "playwright-core";
import { PASSWORD, uniqueEmail } from "./people";
import { linkFromMail, type Stack } from "./stack";

export interface Account {
  api: APIRequestContext;
  user: { id: string; email: string; displayName: string };
}

export async function call<T>(api: APIRequestContext, method: string, path: string, body?: unknown): Promise<T> {
  const response = await api.fetch(path, { method, ...(body === undefined ? {} : { data: body }) });
  if (!response.ok()) {
    throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function registerAccount(
  baseURL: string,
  displayName: string,
  email = uniqueEmail(displayName),
): Promise<Account> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { "X-Requested-With": "XMLHttpRequest" } });
  const answer = await call<{ user: Account["user"] }>(api, "POST", "/auth/register", {
    email,
    password: PASSWORD,
    displayName,
  });
  return { api, user: answer.user };
}

/** Confirms the account's address with the token of the link auth mailed it. */
export async function confirmAccount(stack: Stack, account: Account): Promise<void> {
  const link = await linkFromMail(stack, account.user.email, "/verify-email");
  const token = new URL(link).hash.replace(/^#token=/, "");
  await call(account.api, "POST", "/auth/email/verify", { token });
}
