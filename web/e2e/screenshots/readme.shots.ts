// The README's screenshots (docs/screenshots/*.png): a seeded course seen by
// its teacher and by a student, in Debian's Chromium, light theme, 1280×860.
// `make screenshots` runs this over a fresh stack of the release build, so the
// images can be made again after any change.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, it } from "vitest";
import { call, confirmAccount, registerAccount, type Account } from "../support/api";
import { launch } from "../support/browser";
import { startStack, type Stack } from "../support/stack";

const OUT = resolve(import.meta.dirname, "..", "..", "..", "docs", "screenshots");

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = startStack("screenshots");
  browser = await launch();
  mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  stack?.stop(true);
});

function isoIn(days: number, hours = 0): string {
  return new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

interface World {
  teacher: Account;
  students: Account[];
  courseId: string;
  essayId: string;
  assignmentId: string;
  examId: string;
  attemptId: string;
}

async function seed(): Promise<World> {
  const teacher = await registerAccount(stack.url, "Grace Hopper");
  await confirmAccount(stack, teacher);
  const course = await call<{ id: string; joinCode: string }>(teacher.api, "POST", "/api/courses", {
    name: "Physics 101",
    section: "Period 2 · Room 204",
    description: "Mechanics, waves and energy.",
  });
  await call(teacher.api, "POST", "/api/courses", { name: "Astronomy club", section: "Thursdays" });
  const names = ["Ada Lovelace", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra", "Barbara Liskov"];
  const students: Account[] = [];
  for (const name of names) {
    const student = await registerAccount(stack.url, name);
    await confirmAccount(stack, student);
    await call(student.api, "POST", "/api/courses/join", { code: course.joinCode });
    students.push(student);
  }
  const base = `/api/courses/${course.id}`;
  const topic = await call<{ id: string }>(teacher.api, "POST", `${base}/topics`, { name: "Unit 1: Motion" });
  await call(teacher.api, "POST", `${base}/announcements`, {
    text: "Welcome to Physics 101! Lab safety forms are due Friday. Bring a calculator to every class.",
  });
  const post = await call<{ id: string }>(teacher.api, "POST", `${base}/announcements`, {
    text: "Quiz on Newton's laws next Tuesday: it covers chapters 2 and 3.",
  });
  await call(students[0]!.api, "POST", `${base}/announcements/${post.id}/comments`, {
    text: "Will it include friction?",
  });
  await call(teacher.api, "POST", `${base}/announcements/${post.id}/comments`, { text: "Yes, section 3.4." });

  const graded: string[] = [];
  // Due later this week: turned in early, so nothing is late.
  for (const [title, points, due] of [
    ["Lab report: free fall", 20, 4],
    ["Problem set 1", 10, 5],
    ["Problem set 2", 10, 6],
  ] as const) {
    const work = await call<{ id: string }>(teacher.api, "POST", `${base}/coursework`, {
      title,
      description: "Show your working for every answer.",
      workType: "ASSIGNMENT",
      topicId: topic.id,
      maxPoints: points,
      dueAt: isoIn(due),
      state: "PUBLISHED",
    });
    graded.push(work.id);
  }
  const essay = await call<{ id: string }>(teacher.api, "POST", `${base}/coursework`, {
    title: "Essay: why the sky is blue",
    description: "At most one page. Cite at least one source.",
    workType: "ASSIGNMENT",
    topicId: topic.id,
    maxPoints: 25,
    dueAt: isoIn(2),
    materials: [{ url: "https://en.wikipedia.org/wiki/Rayleigh_scattering", title: "Rayleigh scattering" }],
    state: "PUBLISHED",
  });
  // Past due and turned in by nobody: missing on the students' to-do.
  await call(teacher.api, "POST", `${base}/coursework`, {
    title: "Lab safety form",
    description: "Sign and hand in before the first lab.",
    workType: "ASSIGNMENT",
    maxPoints: 5,
    dueAt: isoIn(-2),
    state: "PUBLISHED",
  });
  await call(teacher.api, "POST", `${base}/coursework`, {
    title: "Reading: chapter 4",
    workType: "MATERIAL",
    topicId: topic.id,
    state: "PUBLISHED",
  });
  // Students turn work in; the teacher grades and returns it.
  for (const [i, student] of students.entries()) {
    for (const [j, workId] of graded.entries()) {
      if (i === 4 && j === 2) {
        continue; // one not turned in yet
      }
      const subs = await call<{ items: { id: string }[] }>(
        student.api,
        "GET",
        `${base}/coursework/${workId}/submissions`,
      );
      const sub = subs.items[0]!;
      await call(student.api, "PATCH", `${base}/coursework/${workId}/submissions/${sub.id}`, {
        text: "My answers are below.",
      });
      await call(student.api, "POST", `${base}/coursework/${workId}/submissions/${sub.id}/turn-in`);
    }
  }
  for (const [j, workId] of graded.entries()) {
    const max = j === 0 ? 20 : 10;
    await call(teacher.api, "POST", `${base}/coursework/${workId}/grades`, {
      grades: students
        .filter((_, i) => !(i === 4 && j === 2))
        .map((s, i) => ({
          studentId: s.user.id,
          draftGrade: Math.round(max * (0.62 + ((i * 7 + j * 3) % 10) / 27)),
          return: j < 2,
        })),
    });
  }
  const assignmentSubs = await call<{ items: { id: string }[] }>(
    students[0]!.api,
    "GET",
    `${base}/coursework/${essay.id}/submissions`,
  );
  await call(students[0]!.api, "PATCH", `${base}/coursework/${essay.id}/submissions/${assignmentSubs.items[0]!.id}`, {
    text: "Sunlight is scattered by the molecules of the air; shorter (blue) wavelengths scatter far more…",
    links: [{ url: "https://en.wikipedia.org/wiki/Diffuse_sky_radiation", title: "Diffuse sky radiation" }],
  });

  const exam = await call<{ id: string }>(teacher.api, "POST", `/exams/courses/${course.id}/exams`, {
    title: "Quiz: Newton's laws",
    description: "30 minutes. Calculators allowed.",
    timeLimitMinutes: 30,
    closesAt: isoIn(3),
    resultRelease: "IMMEDIATE",
    sections: [
      {
        title: "Concepts",
        questions: [
          {
            type: "SINGLE_CHOICE",
            prompt: "A body at rest stays at rest unless acted on by a net force. Which law is this?",
            points: 2,
            options: [
              { id: "a", text: "Newton's first law" },
              { id: "b", text: "Newton's second law" },
              { id: "c", text: "Newton's third law" },
            ],
            correct: "a",
          },
          { type: "TRUE_FALSE", prompt: "Mass and weight are the same quantity.", points: 1, correct: false },
          {
            type: "NUMERIC",
            prompt: "A 2 kg cart accelerates at 3 m/s². What is the net force, in newtons?",
            points: 2,
            value: 6,
            tolerance: 0.01,
          },
          { type: "ESSAY", prompt: "Explain, in your own words, why seat belts save lives.", points: 5, maxWords: 200 },
        ],
      },
    ],
  });
  await call(teacher.api, "POST", `/exams/exams/${exam.id}/publish`);
  // Three students took it already.
  for (const [i, student] of students.slice(1, 4).entries()) {
    const attempt = await call<{ id: string; questions: { id: string; type: string }[] }>(
      student.api,
      "POST",
      `/exams/exams/${exam.id}/attempts`,
    );
    let seq = 1;
    for (const q of attempt.questions) {
      const answer =
        q.type === "SINGLE_CHOICE"
          ? i === 2
            ? "b"
            : "a"
          : q.type === "TRUE_FALSE"
            ? i === 1
            : q.type === "NUMERIC"
              ? i === 0
                ? 6
                : 5
              : "Because inertia keeps the body moving when the car stops.";
      await call(student.api, "PUT", `/exams/attempts/${attempt.id}/answers/${q.id}`, { answer, seq: seq++ });
    }
    await call(student.api, "POST", `/exams/attempts/${attempt.id}/submit`);
    const essay = attempt.questions.find((q) => q.type === "ESSAY");
    if (essay) {
      await call(teacher.api, "PATCH", `/exams/attempts/${attempt.id}/grades`, {
        grades: [{ questionId: essay.id, points: 2 + i, feedback: "Clear, with one example." }],
      });
    }
  }
  // Ada is taking it now.
  const current = await call<{ id: string; questions: { id: string; type: string }[] }>(
    students[0]!.api,
    "POST",
    `/exams/exams/${exam.id}/attempts`,
  );
  const first = current.questions.find((q) => q.type === "SINGLE_CHOICE");
  if (first) {
    await call(students[0]!.api, "PUT", `/exams/attempts/${current.id}/answers/${first.id}`, { answer: "a", seq: 1 });
  }
  return {
    teacher,
    students,
    courseId: course.id,
    essayId: essay.id,
    assignmentId: graded[0]!,
    examId: exam.id,
    attemptId: current.id,
  };
}

async function as(account: Account, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const context = await browser.newContext({
    baseURL: stack.url,
    viewport: { width: 1280, height: 860 },
    colorScheme,
    storageState: await account.api.storageState(),
  });
  return context.newPage();
}

/** Waits until the screen has drawn what it loads (no "Loading …" left). */
async function shoot(page: Page, path: string, name: string, fullPage = false): Promise<void> {
  await page.goto(path);
  await page.locator("main h1, main .course-header").first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll(".loading").length === 0);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

it("makes the README's screenshots", async () => {
  const world = await seed();
  const course = `/courses/${world.courseId}`;

  const visitor = await browser.newPage({ baseURL: stack.url, viewport: { width: 1280, height: 860 } });
  await shoot(visitor, "/sign-in", "sign-in");

  const teacher = await as(world.teacher);
  await shoot(teacher, "/", "teacher-home");
  await shoot(teacher, course, "course-stream");
  await shoot(teacher, `${course}/classwork`, "course-classwork");
  await shoot(teacher, `${course}/people`, "course-people");
  await shoot(teacher, `${course}/grades`, "gradebook");
  await shoot(teacher, `${course}/exams/${world.examId}`, "exam-editor");
  await shoot(teacher, `${course}/exams/${world.examId}/results`, "exam-results", true);

  const student = await as(world.students[0]!);
  await shoot(student, "/", "student-home");
  await shoot(student, `${course}/coursework/${world.essayId}`, "student-coursework");
  await shoot(student, `${course}/grades`, "student-progress");
  await shoot(student, `${course}/exams/${world.examId}/attempts/${world.attemptId}`, "student-exam");
  await shoot(student, "/inbox", "notifications");

  const dark = await as(world.students[1]!, "dark");
  await shoot(dark, `${course}/grades`, "student-progress-dark");
});
