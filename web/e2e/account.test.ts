import { describe, expect, it } from "vitest";
import { expectAccessible, person } from "./support/browser";
import { createCourse, joinByCode } from "./support/course";
import { confirmEmail, PASSWORD, registerThroughPage, signIn, uniqueEmail } from "./support/people";
import { linkFromMail } from "./support/stack";
import { useStack } from "./support/suite";

const suite = useStack("account");

describe("an account, as a person uses it in the browser", () => {
  it("registers, confirms the address from the mail, signs out and back in", async () => {
    const { page } = await person(suite.browser, suite.stack.url);
    await page.goto("/");
    // Signed out: the application sends the person to sign in.
    await page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
    await expectAccessible(page, "the sign-in page");

    await page.getByRole("link", { name: "Create an account" }).click();
    await expectAccessible(page, "the registration page");
    const email = await registerThroughPage(page, "Ada");
    await expect.poll(() => page.getByRole("region", { name: "E-mail address not confirmed" }).isVisible()).toBe(true);
    await expectAccessible(page, "the home page of a new account");

    await confirmEmail(suite.stack, page, email);
    await expectAccessible(page, "the confirmation page");
    // The token left the address bar once read.
    expect(page.url()).not.toContain("token=");
    await page.getByRole("link", { name: "Go to your courses" }).click();
    await page.getByRole("heading", { name: "Your courses" }).waitFor();
    await expect.poll(() => page.getByRole("region", { name: "E-mail address not confirmed" }).count()).toBe(0);

    // The session is an HttpOnly cookie: no script of the page can read it.
    expect(await page.evaluate(() => document.cookie)).toBe("");
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).toBe("{}");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
    await page.goto("/account");
    await page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
    expect(new URL(page.url()).searchParams.get("next")).toBe("/account");

    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("The e-mail address or the password is wrong.").waitFor();
    await expectAccessible(page, "the sign-in page with an error");

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where the person was going.
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await expectAccessible(page, "the account page");
  });

  it("shows each field's error next to its input", async () => {
    const { page } = await person(suite.browser, suite.stack.url);
    await page.goto("/register");
    await page.getByLabel("Your name").fill("Bo");
    await page.getByLabel("E-mail address").fill("not an address");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    const email = page.getByLabel("E-mail address");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    const described = await email.getAttribute("aria-describedby");
    expect(described).toBeTruthy();
    expect(await page.locator(`[id="${described?.split(" ").pop()}"]`).textContent()).toMatch(/e-mail/i);
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "the registration page with field errors");
  });

  it("says how long to wait when sign-in is slowed down after failures", async () => {
    const { page } = await person(suite.browser, suite.stack.url);
    const email = await registerThroughPage(page, "Eve");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill("not the password");
    const slowed = page.getByRole("alert").filter({ hasText: "Too many attempts" });
    // auth slows a pair of account and address down after its failures: 20
    // from an address the account registered from.
    const button = page.getByRole("button", { name: /^Sign(ing)? in/ });
    for (let attempt = 0; attempt < 30 && (await slowed.count()) === 0; attempt++) {
      await button.click();
      await expect.poll(() => button.isEnabled()).toBe(true);
    }
    await slowed.waitFor();
    await expect.poll(() => slowed.textContent()).toMatch(/Wait \d+ seconds?, then try again\./);
    await expectAccessible(page, "the sign-in page after too many attempts");
  });

  it("signs out another device, and everywhere", async () => {
    const laptop = await person(suite.browser, suite.stack.url);
    const email = await registerThroughPage(laptop.page, "Cy");
    const phone = await person(suite.browser, suite.stack.url);
    await signIn(phone.page, email);

    await laptop.page.goto("/account");
    const others = laptop.page.getByRole("button", { name: /^Sign out .* signed in/ });
    await expect.poll(() => others.count()).toBe(1);
    // From the keyboard, as someone who does not use a mouse signs a device out.
    await others.focus();
    await laptop.page.keyboard.press("Enter");
    await expect.poll(() => others.count()).toBe(0);
    // The pressed button went with its row: the focus is on the list's heading, not lost.
    await expect
      .poll(() => laptop.page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe("Where you are signed in");
    // The phone's session ended: its next page asks it to sign in.
    await phone.page.goto("/account");
    await phone.page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();

    await signIn(phone.page, email);
    await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await laptop.page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
    await phone.page.reload();
    await phone.page.getByRole("heading", { name: "Sign in to Classroom" }).waitFor();
  });

  it("chooses a new password from the mailed link", async () => {
    const { page } = await person(suite.browser, suite.stack.url);
    const email = await registerThroughPage(page, "Di");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("E-mail address").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByText("Check your mail.").waitFor();
    const link = await linkFromMail(suite.stack, email, "/reset-password");
    await page.goto(link);
    await expectAccessible(page, "the new password page");
    await page.getByLabel("New password").fill("a brand new password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Your password is changed.").waitFor();
    // The link works once (opened anew, as from the mail).
    await page.goto("/sign-in");
    await page.goto(link);
    await page.getByLabel("New password").fill("yet another password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("alert").getByText("This link no longer works").waitFor();
    await signIn(page, email, "a brand new password");
  });

  it("joins a course with its code, as a student, after a teacher created it", async () => {
    const teacher = await person(suite.browser, suite.stack.url);
    await registerThroughPage(teacher.page, "Teacher");
    // A form opened and cancelled gives the focus back to the button that opened it.
    await teacher.page.getByRole("button", { name: "Create a course" }).click();
    await teacher.page.getByRole("button", { name: "Cancel" }).focus();
    await teacher.page.keyboard.press("Enter");
    await expect
      .poll(() => teacher.page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe("Create a course");
    const course = await createCourse(teacher.page, "Physics 101", { section: "Period 2" });

    const student = await person(suite.browser, suite.stack.url);
    await registerThroughPage(student.page, "Student", uniqueEmail("student"));
    await student.page.getByLabel("Class code").fill("wrong-code");
    await student.page.getByRole("button", { name: "Join" }).click();
    await student.page
      .getByRole("alert")
      .getByText(/No course has this code/)
      .waitFor();
    await joinByCode(student.page, course.joinCode, "Physics 101");
    await expectAccessible(student.page, "the home page with a course");
  });
});
