// What several tests set up the same way: a course created through Home, a
// student joining it by its code through Home, and requests to the API from a
// person's own page (their cookie and the CSRF header, as the application
// sends them), for what a test does not test through the pages.
import type { Page } from "playwright-core";

export interface PageAnswer<T> {
  status: number;
  body: T;
}

/** A request from the person's page; the answer's status and JSON body (null when empty), whatever it is. */
export async function fetchFromPage<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<PageAnswer<T>> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: { "Content-Type": "application/json", "X-Requested-With": "XMLHttpRequest" },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

/** The same, for set-up steps that must succeed: anything but a 2xx fails with what was asked and answered. */
export async function callFromPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await fetchFromPage<T>(page, method, path, body);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

export interface CreatedCourse {
  id: string;
  joinCode: string;
}

/** A course made with Home's form by a signed-in teacher, who is left on its Stream. */
export async function createCourse(
  page: Page,
  name: string,
  fields: { section?: string } = {},
): Promise<CreatedCourse> {
  await page.getByRole("button", { name: "Create a course" }).click();
  await page.getByLabel("Course name").fill(name);
  if (fields.section !== undefined) {
    await page.getByLabel("Section").fill(fields.section);
  }
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(/\/courses\/[0-9a-f-]+$/);
  const id = page.url().split("/").pop() ?? "";
  return callFromPage<CreatedCourse>(page, "GET", `/api/courses/${id}`);
}

/** Joins with a class code on Home, and waits for the course in the person's list. */
export async function joinByCode(page: Page, code: string, courseName: string): Promise<void> {
  await page.getByLabel("Class code").fill(code);
  await page.getByRole("button", { name: "Join" }).click();
  await page.getByRole("link", { name: courseName }).waitFor();
}

/** The signed-in person's user id. */
export async function myUserId(page: Page): Promise<string> {
  return (await callFromPage<{ user: { id: string } }>(page, "GET", "/auth/me")).user.id;
}

/**
 * A student's whole attempt through the exams API from their page: started,
 * each question answered with `answerFor(question)`, then submitted; the
 * submitted attempt (its state says whether it waits for a teacher).
 */
export async function takeExamThroughApi<Q extends { id: string }>(
  page: Page,
  examId: string,
  answerFor: (question: Q) => unknown,
): Promise<{ id: string; state: string }> {
  const attempt = await callFromPage<{ id: string; questions: Q[] }>(page, "POST", `/exams/exams/${examId}/attempts`);
  let seq = 0;
  for (const question of attempt.questions) {
    seq += 1;
    await callFromPage(page, "PUT", `/exams/attempts/${attempt.id}/answers/${question.id}`, {
      answer: answerFor(question),
      seq,
    });
  }
  return callFromPage(page, "POST", `/exams/attempts/${attempt.id}/submit`);
}
