import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, person, type Person } from "./support/browser";
import { createCourse, fetchFromPage, joinByCode, myUserId } from "./support/course";
import { registerThroughPage, uniqueEmail } from "./support/people";
import { useStack } from "./support/suite";

const suite = useStack("exam-taking");

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
  const course = await createCourse(teacher.page, "Chemistry");

  const student = await person(suite.browser, suite.stack.url);
  await registerThroughPage(student.page, "Student", uniqueEmail("student"));
  await joinByCode(student.page, course.joinCode, "Chemistry");
  return { teacher, student, studentId: await myUserId(student.page), courseId: course.id };
}

/** A published exam, made through the exams API from the teacher's browser. */
async function publishedExam(teacher: Page, courseId: string, exam: Record<string, unknown>): Promise<string> {
  const created = await fetchFromPage<{ id: string }>(teacher, "POST", `/exams/courses/${courseId}/exams`, exam);
  expect(created.status).toBe(201);
  const published = await fetchFromPage(teacher, "POST", `/exams/exams/${created.body.id}/publish`);
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
        {
          title: "More kinds of question",
          questions: [
            {
              type: "MULTIPLE_CHOICE",
              prompt: "Which are noble gases?",
              options: [
                { id: "he", text: "Helium" },
                { id: "ne", text: "Neon" },
                { id: "o", text: "Oxygen" },
              ],
              correct: ["he", "ne"],
              scoring: "PARTIAL",
            },
            {
              type: "MATCHING",
              prompt: "Match each symbol to its element.",
              prompts: [
                { id: "na", text: "Na" },
                { id: "k", text: "K" },
              ],
              choices: [
                { id: "sodium", text: "Sodium" },
                { id: "potassium", text: "Potassium" },
              ],
              correct: { na: "sodium", k: "potassium" },
            },
            {
              type: "ORDERING",
              prompt: "Order by atomic number, lowest first.",
              items: [
                { id: "h", text: "Hydrogen" },
                { id: "li", text: "Lithium" },
                { id: "c", text: "Carbon" },
              ],
              correct: ["h", "li", "c"],
            },
            { type: "ESSAY", prompt: "Why is the sky blue?", maxWords: 5 },
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
    await expectAccessible(page, "the attempt with every kind of question");

    const gases = page.getByRole("group", { name: /noble gases/ });
    await gases.getByLabel("Helium").check();
    await gases.getByLabel("Neon").check();
    const matching = page.getByRole("group", { name: /Match each symbol/ });
    await matching.getByLabel("Na", { exact: true }).selectOption({ label: "Sodium" });
    const ordering = page.getByRole("group", { name: /atomic number/ });
    const moveUp = ordering.getByRole("button", { name: "Move “Lithium” up" });
    const position = async () => (await ordering.locator(".ordering-text").allTextContents()).indexOf("Lithium");
    const from = await position();
    await (from === 0 ? ordering.getByRole("button", { name: "Move “Lithium” down" }) : moveUp).click();
    await expect.poll(position).not.toBe(from);
    const essay = page.getByRole("group", { name: /sky blue/ });
    await essay.getByLabel(/Your answer/).fill("light scatters off small molecules mostly");
    await essay.getByText("Not saved: 1 word over the limit.").waitFor();
    expect(await essay.getByLabel(/Your answer/).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "the attempt with an answer over its word limit");
    await essay.getByLabel(/Your answer/).fill("Rayleigh scattering");
    await essay.getByText("2 of at most 5 words").waitFor();
    for (const group of [gases, matching, ordering, essay]) {
      await group.getByText(/^Saved/).waitFor();
    }

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

    // Offline again, then the page is reloaded before it could send: nothing is lost.
    await student.context.setOffline(true);
    await text.getByLabel(/Your answer/).fill("Paris, France");
    await text.getByText("Waiting for the connection: kept on this device").waitFor();
    let blocked = true;
    await page.route("**/exams/attempts/*/answers/*", (route) => (blocked ? route.abort() : route.continue()));
    await student.context.setOffline(false);
    await page.reload();
    blocked = false;
    await page.getByRole("heading", { name: "Unit test 1: attempt 1" }).waitFor();
    expect(await text.getByLabel(/Your answer/).inputValue()).toBe("Paris, France");
    await text.getByText(/^Saved/).waitFor();
    await page.getByText("All answers saved").waitFor();

    const stored = (await fetchFromPage<StoredAttempt>(page, "GET", `/exams/attempts/${attemptId}`)).body;
    const byPrompt = (prompt: string) => stored.answers[stored.questions.find((q) => q.prompt === prompt)?.id ?? ""];
    expect(byPrompt("2 + 2 = ?")?.answer).toBe("b");
    expect(byPrompt("The capital of France?")?.answer).toBe("Paris, France");
    expect(byPrompt("Half of 7?")?.answer).toBe(3.5);
    expect(byPrompt("Which are noble gases?")?.answer).toEqual(["he", "ne"]);
    expect(byPrompt("Match each symbol to its element.")?.answer).toEqual({ na: "sodium" });
    const shown = await ordering.locator(".ordering-text").allTextContents();
    const ids: Record<string, string> = { Hydrogen: "h", Lithium: "li", Carbon: "c" };
    expect(byPrompt("Order by atomic number, lowest first.")?.answer).toEqual(shown.map((t) => ids[t]));
    expect(byPrompt("Why is the sky blue?")?.answer).toBe("Rayleigh scattering");
    await expectAccessible(page, "the attempt with its answers saved");

    // The teacher gives the student 10 more minutes: the open page learns it by itself.
    const endsAt = page.locator(".attempt-deadline");
    const before = await endsAt.textContent();
    const extended = await fetchFromPage(
      teacher.page,
      "PUT",
      `/exams/courses/${courseId}/accommodations/${studentId}`,
      {
        extraMinutes: 10,
      },
    );
    expect([200, 201]).toContain(extended.status);
    await page.getByText(/^Your time was extended: this attempt now ends at/).waitFor({ timeout: 45_000 });
    expect(await endsAt.textContent()).not.toBe(before);
    // Said once to a screen reader, through a polite live region.
    await page
      .getByRole("status")
      .filter({ hasText: /^Your time was extended\. 1[345] minutes left\.$/ })
      .waitFor({ state: "attached" });
    const after = (await fetchFromPage<StoredAttempt>(page, "GET", `/exams/attempts/${attemptId}`)).body;
    expect(Date.parse(after.deadline) - Date.parse(after.startedAt)).toBe(15 * 60_000);
    const clock = await page.getByRole("timer").textContent();
    expect(Number(clock?.split(":")[0])).toBeGreaterThanOrEqual(13);

    // Submitting asks first; the essay waits for the teacher, so no result yet.
    await page.getByRole("button", { name: "Submit answers" }).first().click();
    await page.getByRole("dialog", { name: "Submit your answers?" }).waitFor();
    await expectAccessible(page, "the confirmation to submit");
    await page.getByRole("button", { name: "Submit now" }).click();
    await page.getByText(/Your teacher still has to grade some answers/).waitFor();
    await expectAccessible(page, "the attempt, submitted");

    await page.getByRole("link", { name: "Back to the exam" }).click();
    await page.getByText("1 of 1 used, 0 left").waitFor();
    await page.getByRole("cell", { name: "Not released yet" }).waitFor();
    await expectAccessible(page, "the exam's page with a past attempt");
  }, 180_000);

  it("explains a start before the exam opens, and submits by itself when the time is up", async () => {
    const { teacher, student, courseId } = await classroom();
    const examId = await publishedExam(teacher.page, courseId, {
      title: "Quick quiz",
      timeLimitMinutes: 1,
      sections: [{ title: "", questions: [{ type: "TRUE_FALSE", prompt: "7 is prime.", correct: true }] }],
    });
    const page = student.page;

    // An exam that opens tomorrow: starting it is refused, and the page says why.
    const later = await publishedExam(teacher.page, courseId, {
      title: "Next week's test",
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      sections: [{ title: "", questions: [{ type: "TRUE_FALSE", prompt: "Water boils at 100 °C.", correct: true }] }],
    });
    await page.goto(`/courses/${courseId}/exams/${later}`);
    await page.getByRole("button", { name: "Start the exam" }).click();
    await page.getByRole("alert").getByText("This exam is not open yet").waitFor();
    await expectAccessible(page, "the exam's page with a refused start");

    await page.goto(`/courses/${courseId}/exams/${examId}`);
    await page.getByRole("button", { name: "Start the exam" }).click();
    await page.getByRole("heading", { name: "Quick quiz: attempt 1" }).waitFor();
    await page
      .getByRole("group", { name: /7 is prime/ })
      .getByLabel("True")
      .check();
    const attemptId = page.url().split("/").pop() ?? "";
    // Left alone: the page submits at the deadline, then shows the result.
    await page.getByText("Your answers were submitted", { exact: false }).waitFor({ timeout: 100_000 });
    await page.getByRole("heading", { name: "Your result: 1 of 1 points" }).waitFor();
    await expectAccessible(page, "the result of an attempt submitted at its deadline");
    // The page did it, not the service after its grace (which records the deadline itself).
    const done = (
      await fetchFromPage<{ deadline: string; submittedAt: string }>(page, "GET", `/exams/attempts/${attemptId}`)
    ).body;
    expect(Date.parse(done.submittedAt)).toBeGreaterThan(Date.parse(done.deadline));
  }, 180_000);
});
