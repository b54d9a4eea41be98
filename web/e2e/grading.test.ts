import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, person } from "./support/browser";
import { callFromPage, createCourse, fetchFromPage, joinByCode } from "./support/course";
import { registerThroughPage, uniqueEmail } from "./support/people";
import { refetchOnReturn } from "./support/refetch";
import { useStack } from "./support/suite";

const suite = useStack("grading");

/** Publishes an assignment through the API, from the teacher's page (the Classwork screen is another's). */
async function publishAssignment(page: Page, courseId: string, title: string, maxPoints: number): Promise<string> {
  const answer = await fetchFromPage<{ id: string }>(page, "POST", `/api/courses/${courseId}/coursework`, {
    title,
    description: `Read the chapter, then write what you understood.\nTwo paragraphs are enough.`,
    workType: "ASSIGNMENT",
    maxPoints,
    dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    materials: [{ url: "https://example.org/chapter-3", title: "Chapter 3" }],
    state: "PUBLISHED",
  });
  expect(answer.status, `publishing ${title}: ${JSON.stringify(answer.body)}`).toBe(201);
  return answer.body.id;
}

describe("coursework and grades, as a teacher and a student use them", () => {
  it("hands in, grades, returns, and shows the gradebook, its CSV and the student's chart", async () => {
    const teacher = await person(suite.browser, suite.stack.url);
    await registerThroughPage(teacher.page, "Tess Teacher", uniqueEmail("tess"));
    const { id: courseId, joinCode } = await createCourse(teacher.page, "Physics 101");

    // The student's browser prefers dark colours: every check of theirs runs on the dark theme.
    const student = await person(suite.browser, suite.stack.url, "dark");
    await registerThroughPage(student.page, "Sam Student", uniqueEmail("sam"));
    await joinByCode(student.page, joinCode, "Physics 101");

    // A second student, who hands nothing in.
    const other = await person(suite.browser, suite.stack.url);
    await registerThroughPage(other.page, "Zoe Student", uniqueEmail("zoe"));
    await joinByCode(other.page, joinCode, "Physics 101");

    const essay = await publishAssignment(teacher.page, courseId, "Essay on motion", 10);
    await publishAssignment(teacher.page, courseId, "Quiz 2", 20);

    // The student writes, adds a link and turns the work in.
    const s = student.page;
    await s.goto(`/courses/${courseId}/coursework/${essay}`);
    await s.getByRole("heading", { name: "Essay on motion", level: 1 }).waitFor();
    await s.getByRole("link", { name: /Chapter 3/ }).waitFor();
    await s.getByText("Assigned", { exact: true }).waitFor();
    await expectAccessible(s, "an assignment, as its student sees it");
    await s.getByLabel("Link address").fill("not a link");
    await s.getByRole("button", { name: "Add link" }).click();
    await expect.poll(() => s.getByLabel("Link address").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(s, "an assignment with a wrong link address");
    // Saved from another tab meanwhile: this page's version is stale (If-Match), and says so.
    await s.getByLabel("Your answer").fill("A first try");
    const submissions = `/api/courses/${courseId}/coursework/${essay}/submissions`;
    const mine = await callFromPage<{ items: { id: string }[] }>(s, "GET", submissions);
    const path = `${submissions}/${mine.items[0]?.id}`;
    await callFromPage(s, "PATCH", path, { text: "Written on my phone" });
    // Back in this tab, its data refetched: the editor still holds its text, and so the ETag of that text.
    await refetchOnReturn(s, path);
    await s.getByRole("button", { name: "Save" }).click();
    await s.getByRole("alert").getByText("Your work changed elsewhere").waitFor();
    await expectAccessible(s, "an assignment whose work changed elsewhere");
    await s.getByRole("button", { name: "Reload your work" }).click();
    await expect.poll(() => s.getByLabel("Your answer").inputValue()).toBe("Written on my phone");
    await s.getByLabel("Your answer").fill("Motion is relative to the observer.");
    await s.getByLabel("Link address").fill("https://example.org/my-essay");
    await s.getByLabel("Link title (optional)").fill("My essay");
    await s.getByRole("button", { name: "Add link" }).click();
    await s.getByRole("link", { name: /My essay/ }).waitFor();
    await s.getByRole("button", { name: "Save" }).click();
    await s.getByText("Your work is saved.").waitFor({ state: "attached" });
    await s.getByRole("button", { name: "Turn in" }).click();
    await s.getByText("Turned in", { exact: true }).waitFor();
    await s.getByRole("button", { name: "Unsubmit" }).waitFor();
    // A refused comment (too long), then the shortened one: a new action, not "key used with another request".
    const comment = s.getByLabel("Add a class comment");
    await comment.fill("Why? ".repeat(2001));
    await s.getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => comment.getAttribute("aria-invalid")).toBe("true");
    await comment.fill("Is one link enough?");
    await s.getByRole("button", { name: "Post comment" }).click();
    await s.getByRole("listitem").filter({ hasText: "Is one link enough?" }).waitFor();
    await expectAccessible(s, "an assignment turned in");

    // The teacher sees it, reads it, grades it and returns it.
    const t = teacher.page;
    await t.goto(`/courses/${courseId}/coursework/${essay}`);
    const row = t.getByRole("row", { name: /Sam Student/ }).first();
    await row.getByText("Turned in").waitFor();
    await t.getByRole("button", { name: "Open Sam Student's work" }).click();
    await t.getByText("Motion is relative to the observer.").waitFor();
    await t.getByRole("link", { name: /My essay/ }).waitFor();
    await t.getByText("Is one link enough?").waitFor();
    await expectAccessible(t, "an assignment's student work, one opened");
    const draft = t.getByLabel("Draft grade for Sam Student");
    await draft.fill("12");
    await draft.press("Enter");
    await row.getByText("Type a number from 0 to 10.").waitFor();
    // Typed and returned at once: the return waits for the grade's save, and returns it.
    await draft.fill("9");
    await t.getByRole("button", { name: "Return to Sam Student" }).click();
    await row.getByText("Saved").waitFor();
    await t.getByRole("status").filter({ hasText: "Returned to Sam Student." }).waitFor();
    await row.getByRole("cell", { name: "9/10", exact: true }).waitFor();
    await expectAccessible(t, "an assignment after returning work");

    // The student sees the grade.
    await s.reload();
    await s.getByText("Your grade:").waitFor();
    expect(await s.locator(".grade-line").textContent()).toContain("9/10");

    // The gradebook: a grade typed in place, returned in bulk, a failure told per student.
    await t.getByRole("link", { name: "Grades" }).click();
    await t.getByRole("heading", { name: "Gradebook" }).waitFor();
    const quiz = t.getByLabel("Quiz 2, Sam Student: draft grade");
    // From the keyboard: Tab goes from one grade cell to the next.
    await t.getByLabel("Essay on motion, Sam Student: draft grade").focus();
    await t.keyboard.press("Tab");
    await expect.poll(() => quiz.evaluate((input) => input === document.activeElement)).toBe(true);
    await t.keyboard.type("25");
    await t.keyboard.press("Tab");
    await t.getByText("Type a number from 0 to 20.").waitFor();
    await expectAccessible(t, "the gradebook with a wrong grade");
    await quiz.fill("17");
    // Enter saves and goes down to the next student's cell, as in a spreadsheet.
    await quiz.press("Enter");
    await t
      .getByRole("row", { name: /Sam Student/ })
      .getByText("Saved")
      .waitFor();
    const zoeQuiz = t.getByLabel("Quiz 2, Zoe Student: draft grade");
    await expect.poll(() => zoeQuiz.evaluate((input) => input === document.activeElement)).toBe(true);
    // Back in a cell while its grade saves: the save's answer takes neither the focus nor what is typed.
    const zoeRow = t.getByRole("row", { name: /Zoe Student/ });
    await t.keyboard.type("15");
    await zoeQuiz.blur();
    await zoeQuiz.focus();
    await t.keyboard.press("End");
    await t.keyboard.press("Backspace");
    await t.keyboard.type("6");
    await zoeRow.getByText("Saved").waitFor();
    expect(await zoeQuiz.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await zoeQuiz.inputValue()).toBe("16");
    await t.keyboard.press("Tab");
    await expect.poll(() => zoeQuiz.inputValue()).toBe("16");
    await zoeRow.getByText("Saved").waitFor();
    await t.getByRole("checkbox", { name: "Select Sam Student" }).check();
    await t.getByLabel("Assignment to return").selectOption({ label: "Quiz 2" });
    await t.getByRole("button", { name: "Return to 1 selected student" }).click();
    await t.getByRole("status").filter({ hasText: "Returned to Sam Student." }).waitFor();
    await t
      .getByRole("row", { name: /Sam Student/ })
      .getByText("86.67%")
      .waitFor();
    // Returned to both at once: Sam's was returned already, and that alone fails.
    await t.getByRole("checkbox", { name: "Select every student" }).check();
    await t.getByRole("button", { name: "Return to 2 selected students" }).click();
    await t.getByRole("status").filter({ hasText: "Returned to Zoe Student." }).waitFor();
    await t.getByRole("alert").getByText("Sam Student: already returned").waitFor();
    await expectAccessible(t, "the gradebook after a bulk return with a failure");

    const [download] = await Promise.all([
      t.waitForEvent("download"),
      t.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("physics-101-grades.csv");
    const csv = readFileSync(await download.path(), "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "Student ID,Student,Essay on motion (10),Quiz 2 (20),Points earned,Points possible,Percentage",
    );
    expect(csv).toMatch(/,Sam Student,9,17,26,30,86\.67\r\n/);

    // The student's Grades tab: counts, items and the chart with its table.
    await s.getByRole("link", { name: "Grades" }).click();
    await s.getByRole("heading", { name: "Your grades", level: 1 }).waitFor();
    const chart = s.getByRole("img", { name: /Your grades over the term/ });
    await chart.waitFor();
    expect(await chart.getAttribute("aria-labelledby")).toBeTruthy();
    const summary = "2 graded items, from 85% to 90%, falling overall; the latest is 85%.";
    await s.locator("figcaption").filter({ hasText: summary }).waitFor();
    expect(await chart.locator("desc").textContent()).toBe(summary);
    const numbers = s.getByRole("table", { name: "The chart's numbers" });
    await numbers.getByRole("row", { name: /Essay on motion 90%/ }).waitFor();
    await numbers.getByRole("row", { name: /Quiz 2 85%/ }).waitFor();
    await s.getByText("86.67%").waitFor();
    await expectAccessible(s, "a student's grades with the chart");
  });
});
