// Accounts for the browser tests, made as a person makes them: through the
// pages, with the confirmation link read from the mail the stack's mail sink
// kept.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { linkFromMail, type Stack } from "./stack";

export const PASSWORD = "correct horse battery";
let counter = 0;

export function uniqueEmail(name: string): string {
  counter += 1;
  const local = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
  return `${local}-${Date.now().toString(36)}-${counter}@example.org`;
}

export async function registerThroughPage(
  page: Page,
  displayName: string,
  email = uniqueEmail(displayName),
): Promise<string> {
  await page.goto("/register");
  await page.getByLabel("Your name").fill(displayName);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect.poll(() => page.getByRole("heading", { name: "Your courses" }).isVisible()).toBe(true);
  return email;
}

export async function confirmEmail(stack: Stack, page: Page, email: string): Promise<void> {
  const link = await linkFromMail(stack, email, "/verify-email");
  await page.goto(link);
  await page.getByText("Your e-mail address is confirmed.").waitFor();
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your courses" }).waitFor();
}
