import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, person, type Person } from "./support/browser";
import { registerThroughPage, uniqueEmail } from "./support/people";
import { useStack } from "./support/suite";

const suite = useStack("exam-taking");

interface Answer<T> {
  status: number;
  body: T;
}

/** A request from the person's page, with their cookie, as the application sends it. */
async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<Answer<T>> {
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

interface Classroom {
  teacher: Person;
  student: Person;
  studentId: string;
  courseId: string;
}

/** A teacher's course, created through the pages, and a student who joined it by its code on Home. */
async function classroom(): Promise<Classroom> {
  const teacher = await person(suite.browser, suite.stack.url);
  await registerThroughPage(teacher.page, "Teacher");
  await teacher.page.getByRole("button", { name: "Create a course" }).click();
  await teacher.page.getByLabel("Course name").fill("Chemistry");
  await teacher.page.getByRole("button", { name: "Create", exact: true }).click();
  await teacher.page.waitForURL(/\/courses\/[0-9a-f-]+$/);
  const courseId = teacher.page.url().split("/").pop() ?? "";
  const course = await call<{ joinCode: string }>(teacher.page, "GET", `/api/courses/${courseId}`);

  const student = await person(suite.browser, suite.stack.url);
  await registerThroughPage(student.page, "Student", uniqueEmail("student"));
  await student.page.getByLabel("Class code").fill(course.body.joinCode);
  await student.page.getByRole("button", { name: "Join" }).click();
  await student.page.getByRole("link", { name: "Chemistry" }).waitFor();
  const me = await call<{ user: { id: string } }>(student.page, "GET", "/auth/me");
  return { teacher, student, studentId: me.body.user.id, courseId };
}

/** A published exam, made through the exams API from the teacher's browser. */
async function publishedExam(teacher: Page, courseId: string, exam: Record<string, unknown>): Promise<string> {
  const created = await call<{ id: string }>(teacher, "POST", `/exams/courses/${courseId}/exams`, exam);
  expect(created.status).toBe(201);
  const published = await call(teacher, "POST", `/exams/exams/${created.body.id}/publish`);
  expect(published.status).toBe(200);
  return created.body.id;
}

interface StoredAttempt {
  deadline: string;
  startedAt: string;
  questions: { id: string; prompt: string }[];
  answers: Record<string, { answer: unknown; seq: number }>;
}

describe("taking an exam, as a student does in the browser", () => {
  it("saves answers through a dropped connection, and shows a deadline the teacher extended", async () => {
    const { teacher, student, studentId, courseId } = await classroom();
    const examId = await publishedExam(teacher.page, courseId, {
      title: "Unit test 1",
      timeLimitMinutes: 5,
      sections: [
        {
          title: "Basics",
          questions: [
            {
              type: "SINGLE_CHOICE",
              prompt: "2 + 2 = ?",
              options: [
                { id: "a", text: "3" },
                { id: "b", text: "4" },
              ],
              correct: "b",
            },
            { type: "SHORT_TEXT", prompt: "The capital of France?", accepted: ["Paris"] },
            { type: "NUMERIC", prompt: "Half of 7?", value: 3.5 },
          ],
        },
      ],
    });

    const page = student.page;
    await page.goto(`/courses/${courseId}/exams/${examId}`);
    await page.getByRole("heading", { name: "Unit test 1", level: 1 }).waitFor();
    await page.getByText("5 minutes from when you start").waitFor();
    await page.getByText("0 of 1 used, 1 left").waitFor();
    await expectAccessible(page, "the exam's page before starting");

    await page.getByRole("button", { name: "Start the exam" }).click();
    await page.getByRole("heading", { name: "Unit test 1: attempt 1" }).waitFor();
    const attemptId = page.url().split("/").pop() ?? "";
    await page.getByRole("timer").waitFor();

    const choice = page.getByRole("group", { name: /2 \+ 2/ });
    await choice.getByLabel("4", { exact: true }).check();
    await choice.getByText(/^Saved/).waitFor();

    // The connection drops: the answers wait on this device, and the page says so.
    await student.context.setOffline(true);
    const text = page.getByRole("group", { name: /capital of France/ });
    const number = page.getByRole("group", { name: /Half of 7/ });
    await text.getByLabel(/Your answer/).fill("Paris");
    await number.getByLabel(/Your answer/).fill("3,5");
    await text.getByText("Waiting for the connection: kept on this device").waitFor();
    await number.getByText("Waiting for the connection: kept on this device").waitFor();
    await page.getByText("2 answers waiting for the connection").waitFor();
    await page.getByText("You are offline", { exact: true }).waitFor();
    const kept = await page.evaluate((id) => localStorage.getItem(`classroom.attempt.${id}.answers`), attemptId);
    expect(kept).toContain("Paris");
    expect(kept).not.toMatch(/token|session/i);
    await expectAccessible(page, "the attempt while offline");

    // Back online: the page sends them by itself.
    await student.context.setOffline(false);
    await text.getByText(/^Saved/).waitFor();
    await number.getByText(/^Saved/).waitFor();
    await page.getByText("All answers saved").waitFor();
    expect(await page.evaluate((id) => localStorage.getItem(`classroom.attempt.${id}.answers`), attemptId)).toBeNull();

    const stored = (await call<StoredAttempt>(page, "GET", `/exams/attempts/${attemptId}`)).body;
    const byPrompt = (prompt: string) => stored.answers[stored.questions.find((q) => q.prompt === prompt)?.id ?? ""];
    expect(byPrompt("2 + 2 = ?")?.answer).toBe("b");
    expect(byPrompt("The capital of France?")?.answer).toBe("Paris");
    expect(byPrompt("Half of 7?")?.answer).toBe(3.5);
    await expectAccessible(page, "the attempt with its answers saved");

    // The teacher gives the student 10 more minutes: the open page learns it by itself.
    const endsAt = page.locator(".attempt-deadline");
    const before = await endsAt.textContent();
    const extended = await call(teacher.page, "PUT", `/exams/courses/${courseId}/accommodations/${studentId}`, {
      extraMinutes: 10,
    });
    expect([200, 201]).toContain(extended.status);
    await page.getByText(/^Your time was extended: this attempt now ends at/).waitFor({ timeout: 45_000 });
    expect(await endsAt.textContent()).not.toBe(before);
    const after = (await call<StoredAttempt>(page, "GET", `/exams/attempts/${attemptId}`)).body;
    expect(Date.parse(after.deadline) - Date.parse(after.startedAt)).toBe(15 * 60_000);
    const clock = await page.getByRole("timer").textContent();
    expect(Number(clock?.split(":")[0])).toBeGreaterThanOrEqual(13);

    // Submitting asks first; the result is released at once.
    await page.getByRole("button", { name: "Submit answers" }).first().click();
    await page.getByRole("dialog", { name: "Submit your answers?" }).waitFor();
    await expectAccessible(page, "the confirmation to submit");
    await page.getByRole("button", { name: "Submit now" }).click();
    await page.getByRole("heading", { name: "Your result: 3 of 3 points" }).waitFor();
    await expectAccessible(page, "the attempt's result");

    await page.getByRole("link", { name: "Back to the exam" }).click();
    await page.getByText("1 of 1 used, 0 left").waitFor();
    await page.getByRole("cell", { name: "3 of 3" }).waitFor();
    await expectAccessible(page, "the exam's page with a past attempt");
  }, 180_000);

  it("submits by itself when the time is up", async () => {
    const { teacher, student, courseId } = await classroom();
    const examId = await publishedExam(teacher.page, courseId, {
      title: "Quick quiz",
      timeLimitMinutes: 1,
      sections: [{ title: "", questions: [{ type: "TRUE_FALSE", prompt: "7 is prime.", correct: true }] }],
    });
    const page = student.page;
    await page.goto(`/courses/${courseId}/exams/${examId}`);
    await page.getByRole("button", { name: "Start the exam" }).click();
    await page.getByRole("heading", { name: "Quick quiz: attempt 1" }).waitFor();
    await page
      .getByRole("group", { name: /7 is prime/ })
      .getByLabel("True")
      .check();
    // Left alone: the page submits at the deadline, then shows the result.
    await page.getByText("Your answers were submitted", { exact: false }).waitFor({ timeout: 100_000 });
    await page.getByRole("heading", { name: "Your result: 1 of 1 points" }).waitFor();
  }, 180_000);
});
