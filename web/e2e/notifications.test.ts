import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, person } from "./support/browser";
import { createCourse, fetchFromPage, joinByCode } from "./support/course";
import { PASSWORD, registerThroughPage, signIn, uniqueEmail } from "./support/people";
import { refetchOnReturn } from "./support/refetch";
import { useStack } from "./support/suite";

const suite = useStack("notifications");

const BUILD_DIR = resolve(process.env.CLASSROOM_BUILD_DIR ?? join(import.meta.dirname, "..", "..", "build", "debug"));

/** An administrator, made as an operator makes one: auth's create-admin command on the stack's database. */
function createAdmin(email: string): void {
  const auth = suite.stack.state.auth as { dbUrl: string };
  execFileSync(
    join(BUILD_DIR, "services", "auth", "classroom-auth"),
    ["create-admin", "--email", email, "--display-name", "Admin"],
    {
      input: `${PASSWORD}\n`,
      env: { ...process.env, CLASSROOM_DB_URL: auth.dbUrl },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
}

/** An announcement, posted through the api from the teacher's signed-in page. */
async function announce(page: Page, courseId: string, text: string): Promise<string> {
  const answer = await fetchFromPage<{ id: string }>(page, "POST", `/api/courses/${courseId}/announcements`, { text });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

describe("notifications and administration in the browser", () => {
  it("tells a student of announcements live, reads them, and keeps their settings", async () => {
    const teacher = await person(suite.browser, suite.stack.url);
    await registerThroughPage(teacher.page, "Teacher");
    const course = await createCourse(teacher.page, "Chemistry 7");

    const student = await person(suite.browser, suite.stack.url);
    const page = student.page;
    await registerThroughPage(page, "Student");
    await joinByCode(page, course.joinCode, "Chemistry 7");
    await page.getByRole("link", { name: "Notifications, none unread" }).waitFor();

    // Without any reload: the stream brings the count, and a polite announcement.
    const first = await announce(teacher.page, course.id, "Lab goggles on Monday, please.");
    await page.getByRole("link", { name: "Notifications, 1 unread" }).waitFor();
    await expect.poll(() => page.getByRole("status").getByText("New: New announcement in Chemistry 7").count()).toBe(1);
    await expectAccessible(page, "the home page with an unread notification");

    await page.getByRole("link", { name: "Notifications, 1 unread" }).click();
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    const items = page.getByRole("list", { name: "All notifications" }).getByRole("listitem");
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getByText("Unread", { exact: true }).count()).toBe(1);
    expect(await items.first().getByText("Lab goggles on Monday, please.").count()).toBe(1);
    await expectAccessible(page, "the inbox with an unread item");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(page, "the inbox with an unread item, in the dark theme");
    await page.emulateMedia({ colorScheme: "light" });

    // A new item appears in the open inbox by itself, newest first.
    const second = await announce(teacher.page, course.id, "The quiz moves to Thursday.");
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => items.first().textContent()).toContain("The quiz moves to Thursday.");
    await page.getByRole("link", { name: "Notifications, 2 unread" }).waitFor();

    // Opening an item reads it and follows its link.
    await items.first().getByRole("link", { name: "New announcement in Chemistry 7" }).click();
    await page.waitForURL(`**/courses/${course.id}/announcements/${second}`);
    await page.getByRole("link", { name: "Notifications, 1 unread" }).waitFor();
    await page.goBack();
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    await expect.poll(() => items.first().getByText("Unread", { exact: true }).count()).toBe(0);
    expect(await items.nth(1).getByText("Unread", { exact: true }).count()).toBe(1);
    expect(first).not.toBe(second);

    await page.getByRole("button", { name: "Mark all as read" }).click();
    await page.getByRole("link", { name: "Notifications, none unread" }).waitFor();
    await page.getByText("Everything is read.").waitFor();
    await expect.poll(() => page.getByText("Unread", { exact: true }).count()).toBe(0);
    await page.getByLabel("Unread only").check();
    await page.getByText("No unread notifications.").waitFor();
    await expectAccessible(page, "the inbox with everything read");

    // Settings: a muted course, a muted kind, another e-mail frequency; kept across a reload.
    await page.getByLabel("Unread only").uncheck();
    await page.getByRole("link", { name: "Notification settings" }).click();
    await page.getByRole("heading", { name: "Notification settings" }).waitFor();
    await page.getByLabel("Mute Chemistry 7").waitFor();
    await expectAccessible(page, "the notification settings");
    await page.getByLabel("Mute Chemistry 7").check();
    await page.getByLabel("Notify me of exams closed").uncheck();
    await page.getByLabel("E-mail for new announcements").selectOption({ label: "At once" });
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").getByText("Your notification settings are saved.").waitFor();
    await expectAccessible(page, "the notification settings, saved");

    await page.reload();
    await page.getByRole("heading", { name: "Notification settings" }).waitFor();
    await page.getByLabel("Mute Chemistry 7").waitFor();
    expect(await page.getByLabel("Mute Chemistry 7").isChecked()).toBe(true);
    expect(await page.getByLabel("Notify me of exams closed").isChecked()).toBe(false);
    expect(await page.getByLabel("Notify me of new announcements").isChecked()).toBe(true);
    expect(await page.getByLabel("E-mail for new announcements").inputValue()).toBe("IMMEDIATE");
    expect(await page.getByRole("button", { name: "Save settings" }).isDisabled()).toBe(true);

    // Changed meanwhile in another tab: the save is refused (If-Match), explained, and the latest is one click away.
    const other = await student.context.newPage();
    await other.goto("/settings/notifications");
    await other.getByLabel("Mute Chemistry 7").uncheck();
    await other.getByRole("button", { name: "Save settings" }).click();
    await other.getByText("Your notification settings are saved.").waitFor();
    // Back in the first tab, its data refetched: the form still holds what it started from, and so its ETag.
    await refetchOnReturn(page, "/notifications/preferences");
    await page.getByLabel("E-mail for new announcements").selectOption({ label: "No e-mail" });
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("alert").getByText("Changed by someone else").waitFor();
    await expectAccessible(page, "the notification settings after a conflicting change");
    await page.getByRole("button", { name: "Load the latest settings" }).click();
    await expect.poll(() => page.getByLabel("Mute Chemistry 7").isChecked()).toBe(false);
    expect(await page.getByLabel("E-mail for new announcements").inputValue()).toBe("IMMEDIATE");
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.getByRole("status").getByText("These are your latest settings").waitFor();
  });

  it("pages through a long inbox", async () => {
    const teacher = await person(suite.browser, suite.stack.url);
    await registerThroughPage(teacher.page, "Teacher");
    const course = await createCourse(teacher.page, "Biology 3");
    const { page } = await person(suite.browser, suite.stack.url);
    await registerThroughPage(page, "Reader");
    await joinByCode(page, course.joinCode, "Biology 3");

    for (let i = 1; i <= 31; i++) {
      await announce(teacher.page, course.id, `Note ${i}`);
    }
    await page.getByRole("link", { name: "Notifications, 31 unread" }).waitFor();
    await page.getByRole("link", { name: "Notifications, 31 unread" }).click();
    const items = page.getByRole("list", { name: "All notifications" }).getByRole("listitem");
    await expect.poll(() => items.count()).toBe(30);
    expect(await items.first().textContent()).toContain("Note 31");
    await page.getByRole("button", { name: "Show older notifications" }).click();
    await expect.poll(() => items.count()).toBe(31);
    expect(await items.last().textContent()).toContain("Note 1");
    expect(await page.getByRole("button", { name: "Show older notifications" }).count()).toBe(0);

    // Read without opening: the item stays, read, with the focus on it.
    await items
      .first()
      .getByRole("button", { name: /^Mark as read: New announcement in Biology 3, / })
      .click();
    await page.getByRole("link", { name: "Notifications, 30 unread" }).waitFor();
    expect(await items.first().getByText("Unread", { exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
    await expectAccessible(page, "a long inbox");
  });

  it("lets an administrator deactivate an account, whose next page asks to sign in", async () => {
    const student = await person(suite.browser, suite.stack.url);
    const studentEmail = await registerThroughPage(student.page, "Dee Activated", uniqueEmail("dee"));

    const adminEmail = uniqueEmail("admin");
    createAdmin(adminEmail);
    const { page } = await person(suite.browser, suite.stack.url);
    await signIn(page, adminEmail);
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.getByRole("row").nth(1).waitFor();
    await expectAccessible(page, "the list of users");

    await page.getByLabel("Find an account").fill(studentEmail);
    const row = page.getByRole("row", { name: /Dee Activated/ });
    await expect.poll(() => row.count()).toBe(1);
    // The match count is announced once typing pauses, from one polite live region only.
    const live = page.locator(".admin-users [aria-live]");
    expect(await live.count()).toBe(1);
    await expect.poll(() => live.textContent()).toMatch(/^1 of \d+ loaded accounts match\.$/);
    await row.getByRole("button", { name: "Deactivate: Dee Activated" }).click();
    const dialog = page.getByRole("dialog", { name: "Deactivate Dee Activated's account?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Deactivate" }).waitFor();
    await expect.poll(() => dialog.getByRole("button", { name: "Deactivate" }).isEnabled()).toBe(true);
    await expectAccessible(page, "the confirmation of a deactivation");
    await dialog.getByRole("button", { name: "Deactivate" }).click();
    await page.getByRole("status").getByText("Dee Activated's account is deactivated").waitFor();
    expect(await dialog.count()).toBe(0);
    await row.getByText("Deactivated", { exact: true }).waitFor();
    // The focus is back on the row, on the button that undoes it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Reactivate: Dee Activated");
    await expectAccessible(page, "the list of users after a deactivation");

    // Every session of the account ended: the open page notices by itself
    // (its live stream is refused), and the next page asks to sign in too.
    await student.page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
    await student.page.goto("/account");
    await student.page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();

    // Made an administrator, and back.
    await row.getByRole("button", { name: "Make administrator: Dee Activated" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Make administrator" }).click();
    await page.getByRole("status").getByText("Dee Activated is now an administrator.").waitFor();
    await row.getByText("Administrator", { exact: true }).waitFor();
    await row.getByRole("button", { name: "Remove administrator: Dee Activated" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove administrator" }).click();
    await page.getByRole("status").getByText("Dee Activated is no longer an administrator.").waitFor();

    // Reactivated, the account signs in again.
    await row.getByRole("button", { name: "Reactivate: Dee Activated" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Reactivate" }).click();
    await page.getByRole("status").getByText("Dee Activated's account is active again.").waitFor();
    await signIn(student.page, studentEmail);
  });
});
