import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, person } from "./support/browser";
import { createCourse, joinByCode, takeExamThroughApi } from "./support/course";
import { registerThroughPage, uniqueEmail } from "./support/people";
import { useStack } from "./support/suite";

const suite = useStack("exam-authoring");

interface AttemptQuestion {
  id: string;
  type: string;
  prompt: string;
  options?: { id: string; text: string }[];
}

/**
 * The student's side goes through the exams API from the student's own
 * browser (their session cookie): the student's exam page is not this
 * file's subject.
 */
async function takeExam(page: Page, examId: string): Promise<void> {
  const submitted = await takeExamThroughApi<AttemptQuestion>(page, examId, (question) =>
    question.type === "SINGLE_CHOICE"
      ? question.options?.find((o) => o.text === "4")?.id
      : question.type === "NUMERIC"
        ? 3.05
        : "Because addition of equal halves gives the whole.",
  );
  if (submitted.state !== "SUBMITTED") {
    throw new Error(`the attempt is ${submitted.state}, not waiting for the essay's grade`);
  }
}

function questionGroup(page: Page, number: number, type: string): Locator {
  return page.getByRole("group", { name: `Question ${number} · ${type}` });
}

async function addQuestion(page: Page, type: string): Promise<void> {
  await page.getByLabel("Type of the next question in Section 1").selectOption({ label: type });
  await page.getByRole("button", { name: "Add question to Section 1" }).click();
}

describe("a teacher's exam, from the first question to a regrade", () => {
  it("authors, publishes, grades, releases, reads the statistics and regrades", async () => {
    const teacher = await person(suite.browser, suite.stack.url);
    const t = teacher.page;
    await registerThroughPage(t, "Teacher");
    const course = await createCourse(t, "Arithmetic");
    const courseId = course.id;

    await t.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Exams" }).click();
    await t.getByRole("heading", { name: "Exams", level: 1 }).waitFor();
    await t.getByText("No exam yet.").waitFor();
    await expectAccessible(t, "the exams tab, empty");

    await t.getByLabel("Exam title").fill("Unit 1 quiz");
    await t.getByRole("button", { name: "Create exam" }).click();
    await t.getByRole("heading", { name: "Unit 1 quiz", level: 1 }).waitFor();
    const examId = t.url().split("/").pop() ?? "";
    await expectAccessible(t, "a new exam's editor");

    // An empty exam cannot be published: the service's 422 is shown, each reason listed.
    await t.getByRole("button", { name: "Publish" }).click();
    const refusal = t.getByRole("alert").filter({ hasText: "This exam cannot be published yet" });
    await refusal.getByText(/Questions: .*at least one question/).waitFor();
    await expectAccessible(t, "the exam page with a refused publish");

    await t.getByRole("button", { name: "Add a section", exact: true }).click();
    await t.getByLabel("Section 1 title").fill("Sums");
    await addQuestion(t, "Single choice");
    const single = questionGroup(t, 1, "Single choice");
    await single.getByLabel("Question", { exact: true }).fill("2 + 2 = ?");
    await single.getByLabel("Points").fill("2");
    await single.getByLabel("Option 1", { exact: true }).fill("3");
    await single.getByLabel("Option 2", { exact: true }).fill("4");
    await single.getByRole("button", { name: "Add option" }).click();
    await single.getByLabel("Option 3", { exact: true }).fill("5");
    await single.getByLabel("Option 2 is right").check();

    await addQuestion(t, "Numeric");
    const numeric = questionGroup(t, 2, "Numeric");
    await numeric.getByLabel("Question", { exact: true }).fill("1.5 + 1.5 = ?");
    await numeric.getByLabel("Right value").fill("3");
    await numeric.getByLabel("Tolerance (±)").fill("0.1");

    await addQuestion(t, "Essay");
    const essay = questionGroup(t, 3, "Essay");
    await essay.getByLabel("Question", { exact: true }).fill("Explain why 2 + 2 = 4.");
    await essay.getByLabel("Points").fill("5");
    await essay.getByLabel("Word limit (optional)").fill("200");

    await t.getByLabel("Release results").selectOption("MANUAL");
    await t.getByRole("button", { name: "Save exam" }).click();
    await t.getByRole("status").getByText("Saved.").waitFor();
    await t.getByText("Total: 8 points").waitFor();
    await expectAccessible(t, "the exam editor with three questions");

    await t.getByRole("button", { name: "Publish" }).click();
    await t
      .getByRole("status")
      .getByText(/^Published/)
      .waitFor();
    await t.getByText("Published", { exact: true }).waitFor();

    // A student joins through Home and takes the exam.
    const student = await person(suite.browser, suite.stack.url);
    const s = student.page;
    await registerThroughPage(s, "Sam Student", uniqueEmail("sam"));
    await joinByCode(s, course.joinCode, "Arithmetic");
    await s.goto(`/courses/${courseId}/exams`);
    await s.getByRole("link", { name: "Unit 1 quiz" }).waitFor();
    await expectAccessible(s, "the exams tab as a student");
    await takeExam(s, examId);

    // The teacher grades the essay.
    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Results" }).click();
    await t.getByRole("link", { name: /^Attempt 1 of Sam Student: to grade/ }).click();
    await t.getByRole("heading", { name: "Sam Student, attempt 1" }).waitFor();
    const essayCard = t.getByRole("listitem").filter({ hasText: "Explain why 2 + 2 = 4." });
    await essayCard.getByText("Because addition of equal halves gives the whole.").waitFor();
    await expectAccessible(t, "an attempt to grade");
    await essayCard.getByLabel(/^Points for question/).fill("4");
    await essayCard.getByLabel(/^Feedback on question/).fill("Good reasoning.");
    await t.getByRole("button", { name: "Save grades" }).click();
    await t.getByRole("status").getByText("Grades saved.").waitFor();
    await t.getByText("7 / 8").first().waitFor();

    // Manual release, then the results and their statistics.
    await t.getByRole("button", { name: "Release results" }).click();
    await t.getByRole("status").getByText("Results released to 1 student.").waitFor();
    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Results" }).click();
    const row = t.getByRole("row").filter({ hasText: "Sam Student" });
    await expect.poll(() => row.getByRole("cell").nth(1).textContent()).toBe("7 / 8");
    await expect.poll(() => row.getByRole("cell").nth(2).textContent()).toBe("Yes");
    await t.getByRole("img", { name: /Score distribution/ }).waitFor();
    await t.getByRole("img", { name: /Facility by question.*Q1 100%, Q2 100%, Q3 80%/ }).waitFor();
    await t.getByRole("img", { name: /Discrimination by question/ }).waitFor();
    await t.getByRole("table", { name: "Statistics per question" }).getByText("Q3: Explain why 2 + 2 = 4.").waitFor();
    const download = t.waitForEvent("download");
    await t.getByRole("button", { name: "Download results (CSV)" }).click();
    expect((await download).suggestedFilename()).toBe(`results-${examId}.csv`);
    await expectAccessible(t, "the results with statistics");

    // A regrade: the numeric answer must now be exact. The preview changes nothing.
    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Regrade" }).click();
    await t.getByLabel("Question to regrade").selectOption({ label: "Question 2: 1.5 + 1.5 = ?" });
    await t.getByLabel("Tolerance (±)").fill("0");
    await t.getByLabel("Reason").fill("The answer must be exact.");
    await t.getByRole("button", { name: "Preview the change" }).click();
    await t.getByRole("status").getByText("1 attempt would change.").waitFor();
    const change = t
      .getByRole("table", { name: "Each student's change" })
      .getByRole("row")
      .filter({ hasText: "Sam Student" });
    await expect.poll(() => change.getByRole("cell").allTextContents()).toEqual(["1", "7", "6 (down 1)"]);
    await expectAccessible(t, "a regrade's preview");
    await t.getByRole("button", { name: "Apply the regrade" }).click();
    await t.getByRole("status").getByText("Regraded: 1 attempt changed.").waitFor();

    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Results" }).click();
    await expect.poll(() => row.getByRole("cell").nth(1).textContent()).toBe("6 / 8");

    // Settings stay editable with attempts (the questions, unchanged, are not sent), and
    // the release's new version is no conflict for an edit that began before it.
    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Questions and settings" }).click();
    await t.getByLabel("Instructions for students").fill("Show your working.");
    await t.getByRole("button", { name: "Close now" }).click();
    await t.getByRole("status").getByText("Closed: attempts in progress were submitted.").waitFor();
    await t.getByRole("button", { name: "Save exam" }).click();
    await t.getByRole("status").getByText("Saved.").waitFor();
    await t.reload();
    await expect.poll(() => t.getByLabel("Instructions for students").inputValue()).toBe("Show your working.");
    await t.getByText("Closed", { exact: true }).waitFor();
  });

  it("writes every question type, draws from a tagged bank, and gives a student extra time", async () => {
    const teacher = await person(suite.browser, suite.stack.url, "dark");
    const t = teacher.page;
    await registerThroughPage(t, "Tess");
    const course = await createCourse(t, "Biology");
    const courseId = course.id;
    const student = await person(suite.browser, suite.stack.url);
    await registerThroughPage(student.page, "Bea Student", uniqueEmail("bea"));
    await joinByCode(student.page, course.joinCode, "Biology");

    // The question bank: a question is refused without its prompt, then added with tags.
    await t.goto(`/courses/${courseId}/exams`);
    await t.getByRole("link", { name: "Question bank" }).click();
    await t.getByRole("heading", { name: "Question bank", level: 1 }).waitFor();
    await t.getByText("The bank has no question yet.").waitFor();
    const form = t.getByRole("form", { name: "New question" });
    await form.getByLabel("Question type").selectOption({ label: "Short text" });
    await form.getByRole("button", { name: "Add to the bank" }).click();
    await expect.poll(() => form.getByLabel("Question", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(t, "the question bank with a field error");
    await form.getByLabel("Question", { exact: true }).fill("Name the powerhouse of the cell.");
    await form.getByLabel("Accepted answers").fill("mitochondria\nmitochondrion");
    await form.getByLabel("Tags").fill("cells, unit 1");
    await form.getByRole("button", { name: "Add to the bank" }).click();
    await t.getByRole("status").getByText("Question added to the bank.").waitFor();
    await form.getByLabel("Question type").selectOption({ label: "True or false" });
    await form.getByLabel("Question", { exact: true }).fill("Plant cells have walls.");
    await form.getByLabel("Tags").fill("cells");
    await form.getByRole("button", { name: "Add to the bank" }).click();
    await t.getByRole("heading", { name: "Plant cells have walls." }).waitFor();
    await t.getByLabel("Tag", { exact: true }).fill("unit 1");
    await t.getByRole("button", { name: "Show" }).click();
    const tagged = t.getByRole("list", { name: "Questions tagged unit 1" });
    await expect.poll(() => tagged.getByRole("listitem").count()).toBe(1);
    await tagged.getByRole("button", { name: /^Edit/ }).click();
    await tagged.getByLabel("Points").fill("2");
    await tagged.getByRole("button", { name: "Save question" }).click();
    await tagged.getByText(/Short text · 2 points · tags: cells, unit 1/).waitFor();
    await expectAccessible(t, "the question bank, filtered by tag");

    // Course-wide extra time for the student.
    await t.goto(`/courses/${courseId}/exams/accommodations`);
    await t.getByRole("heading", { name: "Accommodations", level: 1 }).waitFor();
    await t.getByLabel("Student", { exact: true }).selectOption({ label: "Bea Student" });
    await t.getByLabel("Time multiplier").fill("1.5");
    await t.getByLabel("Extra minutes").fill("10");
    await t.getByLabel("The extra time may go past an exam's close time").check();
    await t.getByRole("button", { name: "Save accommodation" }).click();
    const accommodated = t.getByRole("row").filter({ hasText: "Bea Student" });
    await expect
      .poll(() => accommodated.getByRole("cell").allTextContents())
      .toEqual(["× 1.5", "10", "May go past it", "ChangeRemove"]);
    await expectAccessible(t, "the accommodations");

    // An exam with every other type of question, and a section drawn from the bank.
    await t.goto(`/courses/${courseId}/exams`);
    await t.getByLabel("Exam title").fill("Cells test");
    await t.getByRole("button", { name: "Create exam" }).click();
    await t.getByRole("heading", { name: "Cells test", level: 1 }).waitFor();
    const examUrl = t.url();
    await t.getByRole("button", { name: "Add a section", exact: true }).click();

    await addQuestion(t, "Multiple choice");
    const multiple = questionGroup(t, 1, "Multiple choice");
    await multiple.getByLabel("Question", { exact: true }).fill("Which have their own DNA?");
    await multiple.getByLabel("Option 1", { exact: true }).fill("Nucleus");
    await multiple.getByLabel("Option 2", { exact: true }).fill("Mitochondrion");
    await multiple.getByRole("button", { name: "Add option" }).click();
    await multiple.getByLabel("Option 3", { exact: true }).fill("Ribosome");
    await multiple.getByLabel("Option 1 is right").check();
    await multiple.getByLabel("Option 2 is right").check();
    await multiple.getByLabel("Scoring").selectOption("PARTIAL");

    await addQuestion(t, "Matching");
    const matching = questionGroup(t, 2, "Matching");
    await matching.getByLabel("Question", { exact: true }).fill("Match each organelle to its job.");
    await matching.getByLabel("Choice 1", { exact: true }).fill("Energy");
    await matching.getByLabel("Choice 2", { exact: true }).fill("Proteins");
    await matching.getByLabel("Prompt 1", { exact: true }).fill("Mitochondrion");
    await matching.getByRole("button", { name: "Add prompt" }).click();
    await matching.getByLabel("Prompt 2", { exact: true }).fill("Ribosome");
    await matching.getByLabel("Right choice for Prompt 1").selectOption({ label: "Energy" });

    await addQuestion(t, "Ordering");
    const ordering = questionGroup(t, 3, "Ordering");
    await ordering.getByLabel("Question", { exact: true }).fill("Order the phases of mitosis.");
    await ordering.getByLabel("Item 1", { exact: true }).fill("Metaphase");
    await ordering.getByLabel("Item 2", { exact: true }).fill("Prophase");
    await ordering.getByRole("button", { name: "Move Item 2 up" }).click();
    await ordering.getByRole("button", { name: "Add item" }).click();
    await ordering.getByLabel("Item 3", { exact: true }).fill("Anaphase");

    await addQuestion(t, "True or false");
    const trueFalse = questionGroup(t, 4, "True or false");
    await trueFalse.getByLabel("Question", { exact: true }).fill("Bacteria have a nucleus.");
    await trueFalse.getByRole("radio", { name: "False" }).check();

    await addQuestion(t, "Short text");
    const short = questionGroup(t, 5, "Short text");
    await short.getByLabel("Question", { exact: true }).fill("The cell's energy currency (abbreviation)?");
    await short.getByLabel("Accepted answers").fill("ATP");
    await short.getByLabel("Case sensitive").check();
    await short.getByLabel("Pattern (optional)").fill("A\\s?T\\s?P");

    await t.getByRole("button", { name: "Add a section drawn from the bank" }).click();
    await t.getByLabel("Section 2 bank tag").fill("cells");
    await t.getByLabel("Section 2 number of questions").fill("2");

    // Checked before sending: the matching question misses a pair.
    await t.getByRole("button", { name: "Save exam" }).click();
    await t.getByRole("alert").getByText("1 field needs a change before saving").waitFor();
    await matching.getByText("every prompt needs its right choice").waitFor();
    await expectAccessible(t, "the exam editor with a field to correct");
    await matching.getByLabel("Right choice for Prompt 2").selectOption({ label: "Proteins" });

    // Refused by the service: the close time comes before the open time.
    await t.getByLabel("Opens").fill("2030-05-02T10:00");
    await t.getByLabel("Closes").fill("2030-05-01T10:00");
    await t.getByRole("button", { name: "Save exam" }).click();
    await expect.poll(() => t.getByLabel("Closes").getAttribute("aria-invalid")).toBe("true");
    await t.getByText("must be after opensAt", { exact: true }).waitFor();
    // Open at once instead, so that the student can take it below.
    await t.getByLabel("Opens").fill("");
    await t.getByLabel("Closes").fill("");
    await t.getByRole("button", { name: "Save exam" }).click();
    await t.getByRole("status").getByText("Saved.").waitFor();
    await t.getByText("Total: 7 points").waitFor();

    // What was saved comes back as it was written.
    await t.goto(examUrl);
    await expect.poll(() => ordering.getByLabel("Item 1", { exact: true }).inputValue()).toBe("Prophase");
    expect(await matching.getByLabel("Right choice for Prompt 2").inputValue()).not.toBe("");
    expect(await multiple.getByLabel("Scoring").inputValue()).toBe("PARTIAL");
    expect(await short.getByLabel("Pattern (optional)").inputValue()).toBe("A\\s?T\\s?P");
    expect(await trueFalse.getByRole("radio", { name: "False" }).isChecked()).toBe(true);
    expect(await t.getByLabel("Section 2 bank tag").inputValue()).toBe("cells");
    await expectAccessible(t, "the exam editor with every kind of section");

    await t.getByRole("button", { name: "Publish" }).click();
    await t
      .getByRole("status")
      .getByText(/^Published/)
      .waitFor();

    // One more attempt for the student in this exam only.
    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Student overrides" }).click();
    await t.getByText("No student has an override.").waitFor();
    await t.getByLabel("Student", { exact: true }).selectOption({ label: "Bea Student" });
    await t.getByLabel("Attempts allowed").fill("2");
    await t.getByRole("button", { name: "Save override" }).click();
    const overridden = t.getByRole("row").filter({ hasText: "Bea Student" });
    await expect.poll(() => overridden.getByRole("cell").nth(2).textContent()).toBe("2");
    await expectAccessible(t, "the student overrides");

    // The student takes it (every automatic type, two questions drawn from the bank):
    // graded and released at once. Then a drawn question's key is regraded.
    type Item = { id: string; text: string };
    const submitted = await takeExamThroughApi<{
      id: string;
      type: string;
      options?: Item[];
      prompts?: Item[];
      choices?: Item[];
      items?: Item[];
    }>(
      student.page,
      examUrl.split("/").pop() ?? "",
      (q) =>
        ({
          MULTIPLE_CHOICE: q.options?.slice(0, 1).map((o) => o.id),
          MATCHING: Object.fromEntries((q.prompts ?? []).map((p) => [p.id, q.choices?.[0]?.id])),
          ORDERING: q.items?.map((i) => i.id),
          TRUE_FALSE: true,
          SHORT_TEXT: "mitochondria",
        })[q.type],
    );
    if (submitted.state !== "GRADED") {
      throw new Error(`the attempt is ${submitted.state}, not graded`);
    }

    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Regrade" }).click();
    await t.getByLabel("Question to regrade").selectOption({ label: "B1: a question drawn from the bank" });
    const type = t.getByLabel("Question type");
    await expect.poll(() => type.inputValue()).toMatch(/^(TRUE_FALSE|SHORT_TEXT)$/);
    expect(await t.getByLabel("Points").isDisabled()).toBe(true);
    // Either drawn question: the student's right answer becomes wrong.
    if ((await type.inputValue()) === "TRUE_FALSE") {
      await t.getByRole("radio", { name: "False" }).check();
    } else {
      await t.getByLabel("Accepted answers").fill("mitochondrion");
    }
    await t.getByLabel("Reason").fill("The key was wrong.");
    await t.getByRole("button", { name: "Preview the change" }).click();
    await t.getByRole("status").getByText("1 attempt would change.").waitFor();
    await t.getByRole("table", { name: "Each student's change" }).getByText("Bea Student").waitFor();
    await expectAccessible(t, "a drawn question's regrade preview");
    await t.getByRole("button", { name: "Apply the regrade" }).click();
    await t.getByRole("status").getByText("Regraded: 1 attempt changed.").waitFor();
    await t.getByRole("navigation", { name: "Exam" }).getByRole("link", { name: "Results" }).click();
    const statistics = t.getByRole("table", { name: "Statistics per question" });
    await expect.poll(() => statistics.getByText(/^B\d: .* \(from the bank\)$/).count()).toBe(2);
    await expectAccessible(t, "the results of an exam with drawn questions");

    // A bank question is deleted at once from the list (attempts keep their own copies).
    await t.goto(`/courses/${courseId}/exams/bank`);
    await t.getByRole("button", { name: "Delete “Plant cells have walls.”" }).click();
    await expect.poll(() => t.getByRole("heading", { name: "Plant cells have walls." }).count()).toBe(0);
    await t.reload();
    await t.getByRole("heading", { name: "Name the powerhouse of the cell." }).waitFor();
    expect(await t.getByRole("heading", { name: "Plant cells have walls." }).count()).toBe(0);
  });
});
