import { describe, expect, it } from "vitest";
import { expectAccessible, person } from "./support/browser";
import { createCourse, fetchFromPage, joinByCode } from "./support/course";
import { confirmEmail, registerThroughPage, uniqueEmail } from "./support/people";
import { useStack } from "./support/suite";

const suite = useStack("course");

describe("a course's Stream, Classwork and People, and invitations", () => {
  it("a teacher builds a course, invites a student who accepts, and a second student joins by code", async () => {
    const teacher = await person(suite.browser, suite.stack.url);
    const t = teacher.page;
    await registerThroughPage(t, "Tess");
    const { id: courseId } = await createCourse(t, "Biology");

    // Stream: empty, then one announcement.
    await t.getByRole("heading", { name: "Stream", level: 1 }).waitFor();
    await t.getByText("No announcements yet.").waitFor();
    await expectAccessible(t, "the stream of a new course (teacher)");
    await t.getByLabel("Announce something to your class").fill("Welcome to Biology! Bring a notebook.");
    await t.getByRole("button", { name: "Post", exact: true }).click();
    const announcements = t.getByRole("list", { name: "Announcements" });
    await announcements.getByText("Welcome to Biology! Bring a notebook.").waitFor();
    await announcements.getByRole("heading", { name: "Tess" }).waitFor();
    expect(await t.getByLabel("Announce something to your class").inputValue()).toBe("");
    await expectAccessible(t, "the stream with an announcement (teacher)");

    // Classwork: a topic, then an assignment in it; a 422 shows next to its input first.
    await t.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Classwork" }).click();
    await t.getByRole("heading", { name: "Classwork", level: 1 }).waitFor();
    await t.getByText("No coursework yet.").waitFor();
    await t.getByLabel("New topic").fill("Week 1");
    await t.getByRole("button", { name: "Add topic" }).click();
    await t.getByRole("heading", { name: "Week 1", level: 2 }).waitFor();
    await expectAccessible(t, "classwork with an empty topic (teacher)");

    await t.getByRole("button", { name: "Create coursework" }).click();
    await t.getByRole("heading", { name: "New coursework" }).waitFor();
    await t.getByRole("button", { name: "Publish", exact: true }).click();
    const title = t.getByLabel("Title", { exact: true });
    await expect.poll(() => title.getAttribute("aria-invalid")).toBe("true");
    const described = (await title.getAttribute("aria-describedby")) ?? "";
    expect(await t.locator(`[id="${described.split(" ").pop()}"]`).textContent()).toMatch(/empty/i);
    await expectAccessible(t, "the coursework form with a field error");

    await title.fill("Lab report 1");
    await t.getByLabel("Instructions").fill("Write up the osmosis experiment.");
    await t.getByLabel("Topic").selectOption({ label: "Week 1" });
    await t.getByLabel("Points").fill("20");
    await t.getByLabel("Due").fill("2030-05-01T17:00");
    await t.getByRole("button", { name: "Add a link" }).click();
    await t.getByLabel("Link 1 address").fill("https://example.org/lab1.pdf");
    await t.getByLabel("Link 1 title").fill("Lab sheet");
    await t.getByRole("button", { name: "Add a link" }).click();
    await t.getByRole("button", { name: "Remove link 2" }).click();
    await expectAccessible(t, "the coursework form filled in");
    await t.getByRole("button", { name: "Publish", exact: true }).click();
    await t.getByRole("status").getByText("“Lab report 1” is saved.").waitFor();
    const week1 = t.getByRole("region", { name: "Week 1" });
    await week1.getByRole("link", { name: "Lab report 1" }).waitFor();
    await week1.getByText("Published").waitFor();
    await week1.getByText(/20 points · 1 link/).waitFor();
    expect(await week1.getByRole("link", { name: "Lab report 1" }).getAttribute("href")).toMatch(
      new RegExp(`^/courses/${courseId}/coursework/[0-9a-f-]+$`),
    );
    await expectAccessible(t, "classwork with a published assignment (teacher)");

    // People: the join code, and an invitation by e-mail.
    await t.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "People" }).click();
    await t.getByRole("heading", { name: "People", level: 1 }).waitFor();
    const code = ((await t.locator(".join-code").textContent()) ?? "").trim();
    expect(code).toMatch(/^[2-9BCDFGHJKMNPQRSTVWXYZ]{7}$/);
    const studentEmail = uniqueEmail("sam");
    await t.getByLabel("E-mail address to invite").fill(studentEmail);
    await t.getByRole("button", { name: "Send invitation" }).click();
    await t.getByRole("status").getByText(`${studentEmail} is invited.`, { exact: false }).waitFor();
    await t.getByRole("button", { name: `Withdraw the invitation to ${studentEmail}` }).waitFor();
    await expectAccessible(t, "the people page with a pending invitation (teacher)");

    // The student registers with the invited address; invitations wait for it to be confirmed.
    const student = await person(suite.browser, suite.stack.url);
    const s = student.page;
    await registerThroughPage(s, "Sam", studentEmail);
    await s.goto("/invitations");
    await s.getByText("Confirm your e-mail address first").waitFor();
    await expectAccessible(s, "the invitations page before the address is confirmed");
    await confirmEmail(suite.stack, s, studentEmail);
    await s.goto("/");
    const note = s.getByRole("region", { name: "Invitations" });
    await note.getByText("Biology").waitFor();
    await expectAccessible(s, "the home page with an invitation");
    await note.getByRole("link", { name: "Answer the invitation" }).click();
    await s.getByRole("heading", { name: "Invitations", level: 1 }).waitFor();
    await s.getByRole("heading", { name: "Biology" }).waitFor();
    await expectAccessible(s, "the invitations page with an invitation");
    await s.getByRole("button", { name: "Accept the invitation to Biology" }).click();
    await s.getByRole("status").getByText("You joined Biology.").waitFor();
    await s.getByText("You have no pending invitations.").waitFor();
    await s.getByRole("link", { name: "Open Biology" }).click();

    // The student's stream: the announcement, and a comment on it.
    await s.getByRole("heading", { name: "Stream", level: 1 }).waitFor();
    const post = s.getByRole("article", { name: "Tess" });
    await post.getByText("Welcome to Biology! Bring a notebook.").waitFor();
    expect(await post.getByRole("button", { name: /^Edit/ }).count()).toBe(0);
    await post.getByRole("button", { name: "Class comments on the announcement by Tess" }).click();
    await post.getByText("No comments yet.").waitFor();
    await post.getByLabel("Add a class comment").fill("Which notebook size?");
    await post.getByRole("button", { name: "Comment", exact: true }).click();
    await post.getByRole("listitem").getByText("Which notebook size?").waitFor();
    await post.getByRole("heading", { name: "Class comments (1)" }).waitFor();
    await post.getByLabel("Add a class comment").fill("Oops, wrong post");
    await post.getByRole("button", { name: "Comment", exact: true }).click();
    await post.getByRole("heading", { name: "Class comments (2)" }).waitFor();
    const mistakes = post.getByRole("button", { name: /^Delete the comment by Sam/ });
    await expect.poll(() => mistakes.count()).toBe(2);
    await mistakes.last().click();
    await post.getByRole("heading", { name: "Class comments (1)" }).waitFor();
    expect(await post.getByText("Oops, wrong post").count()).toBe(0);
    await expectAccessible(s, "the stream with a comment (student)");

    // Its own page, where a notification about it leads.
    await post.getByRole("link", { name: /announcement by Tess/ }).click();
    await s.getByRole("heading", { name: "Announcement", level: 1 }).waitFor();
    await s.getByText("Which notebook size?").waitFor();
    await expectAccessible(s, "an announcement's page (student)");

    // Now that the course has a student: the teacher edits the assignment (sent with its
    // version) and schedules material for chosen students only.
    await t.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Classwork" }).click();
    await t.getByRole("button", { name: "Edit Lab report 1" }).click();
    await t.getByRole("heading", { name: "Edit “Lab report 1”" }).waitFor();
    expect(await t.getByLabel("Link 1 address").inputValue()).toBe("https://example.org/lab1.pdf");
    await t.getByLabel("Points").fill("25");
    await t.getByRole("button", { name: "Save", exact: true }).click();
    await t
      .getByRole("region", { name: "Week 1" })
      .getByText(/25 points/)
      .waitFor();

    await t.getByRole("button", { name: "Create coursework" }).click();
    await t.getByLabel("Title", { exact: true }).fill("Reading list");
    // While one editor is open, another item's Edit is off (and says why): it would drop what is typed.
    const editOther = t.getByRole("button", { name: "Edit Lab report 1" });
    expect(await editOther.isDisabled()).toBe(true);
    expect(await editOther.getAttribute("aria-describedby")).toBe("classwork-edit-hint");
    await t.getByText("Save or cancel the open editor to edit another item.").waitFor();
    await t.getByLabel("Type").selectOption("MATERIAL");
    expect(await t.getByLabel("Points").count()).toBe(0);
    await t.getByLabel("Chosen students").check();
    await t.getByLabel("Sam").check();
    await t.getByLabel("Schedule").check();
    await t.getByLabel("Publish at").fill("2031-01-06T08:00");
    await expectAccessible(t, "the coursework form for chosen students, scheduled");
    await t.getByRole("button", { name: "Schedule", exact: true }).click();
    const loose = t.getByRole("region", { name: "No topic" });
    await loose.getByRole("link", { name: "Reading list" }).waitFor();
    await loose.getByText(/^Scheduled for /).waitFor();
    await loose.getByText(/1 student/).waitFor();

    // The student's classwork: the published assignment, linking to its page; no teacher tools.
    await s.getByRole("navigation", { name: "Course" }).getByRole("link", { name: "Classwork" }).click();
    await s.getByRole("heading", { name: "Classwork", level: 1 }).waitFor();
    await s.getByRole("region", { name: "Week 1" }).getByRole("link", { name: "Lab report 1" }).waitFor();
    await s.getByText(/25 points/).waitFor();
    expect(await s.getByText("Reading list").count()).toBe(0);
    expect(await s.getByRole("button", { name: "Create coursework" }).count()).toBe(0);
    expect(await s.getByText("Published").count()).toBe(0);
    await expectAccessible(s, "classwork (student)");

    // members is People (notifications link there); a student may leave, not invite.
    await s.goto(`/courses/${courseId}/members`);
    await s.getByRole("heading", { name: "People", level: 1 }).waitFor();
    expect(new URL(s.url()).pathname).toBe(`/courses/${courseId}/people`);
    await s.getByRole("button", { name: "Leave this course" }).waitFor();
    expect(await s.getByLabel("E-mail address to invite").count()).toBe(0);
    await expectAccessible(s, "the people page (student)");

    // A second student joins with the code the People tab showed.
    const second = await person(suite.browser, suite.stack.url);
    await registerThroughPage(second.page, "Pat");
    await joinByCode(second.page, code, "Biology");

    // The teacher sees both students, and sees the student's comment.
    await t.goto(`/courses/${courseId}/people`);
    const students = t.getByRole("region", { name: /^Students/ });
    await students.getByText("Sam", { exact: true }).waitFor();
    await students.getByText("Pat", { exact: true }).waitFor();
    await t.getByRole("button", { name: "Remove Pat from the course" }).click();
    await expectAccessible(t, "the people page confirming a removal");
    await t.getByRole("button", { name: "Remove Pat", exact: true }).click();
    await expect.poll(() => students.getByText("Pat", { exact: true }).count()).toBe(0);
    await expectAccessible(t, "the people page with students (teacher)");
    await t.goto(`/courses/${courseId}`);
    await t.getByRole("button", { name: "Class comments on the announcement by Tess" }).click();
    await t.getByText("Which notebook size?").waitFor();

    // The teacher edits the announcement; older announcements come a page at a time.
    await t.getByRole("button", { name: "Edit the announcement by Tess" }).click();
    const edit = t.getByLabel("Announcement", { exact: true });
    await expect.poll(() => edit.inputValue()).toBe("Welcome to Biology! Bring a notebook.");
    await edit.fill("Welcome to Biology! Bring an A4 notebook.");
    await t.getByRole("button", { name: "Save", exact: true }).click();
    await t.getByText("Welcome to Biology! Bring an A4 notebook.").waitFor();
    for (let i = 1; i <= 20; i++) {
      const answer = await fetchFromPage(t, "POST", `/api/courses/${courseId}/announcements`, { text: `Notice ${i}` });
      expect(answer.status, `posting notice ${i}`).toBe(201);
    }
    await t.reload();
    await t.getByText("Notice 20", { exact: true }).waitFor();
    expect(await t.getByText("Welcome to Biology! Bring an A4 notebook.").count()).toBe(0);
    await t.getByRole("button", { name: "Show older" }).click();
    await t.getByText("Welcome to Biology! Bring an A4 notebook.").waitFor();
    await expect.poll(() => t.getByRole("button", { name: "Show older" }).count()).toBe(0);
    await expectAccessible(t, "the stream with two pages of announcements (teacher)");
  });

  it("explains a stale edit (412), withdraws an invitation and lets an invitee decline one (dark theme)", async () => {
    const teacher = await person(suite.browser, suite.stack.url, "dark");
    const t = teacher.page;
    await registerThroughPage(t, "Theo");
    const { id: courseId } = await createCourse(t, "Chemistry");
    await t.getByLabel("Announce something to your class").fill("Lab safety first.");
    await t.getByRole("button", { name: "Post", exact: true }).click();
    await t.getByText("Lab safety first.").waitFor();

    // Two tabs edit the same announcement: the later save is refused, and says why.
    await t.getByRole("button", { name: "Edit the announcement by Theo" }).click();
    const mine = t.getByLabel("Announcement", { exact: true });
    await expect.poll(() => mine.inputValue()).toBe("Lab safety first.");
    const other = await teacher.context.newPage();
    await other.goto(`/courses/${courseId}`);
    await other.getByRole("button", { name: "Edit the announcement by Theo" }).click();
    const theirs = other.getByLabel("Announcement", { exact: true });
    await expect.poll(() => theirs.inputValue()).toBe("Lab safety first.");
    await theirs.fill("Lab safety first, goggles on.");
    await other.getByRole("button", { name: "Save", exact: true }).click();
    await other.getByText("Lab safety first, goggles on.").waitFor();
    await mine.fill("Lab safety, always.");
    await t.getByRole("button", { name: "Save", exact: true }).click();
    const refused = t.getByRole("alert");
    await refused.getByText("Changed by someone else").waitFor();
    await refused.getByText("Lab safety first, goggles on.").waitFor();
    await expectAccessible(t, "the stream with a refused edit (dark)");
    // Seen their text, the teacher replaces it on purpose.
    await t.getByRole("button", { name: "Save", exact: true }).click();
    await t.getByRole("list", { name: "Announcements" }).getByText("Lab safety, always.").waitFor();
    // A delete confirmed before someone else's edit is refused too: it would delete text the teacher has not seen.
    await t.getByRole("button", { name: "Delete the announcement by Theo" }).click();
    const confirmDelete = t.getByRole("button", { name: "Delete announcement" });
    await expect.poll(() => confirmDelete.isEnabled()).toBe(true);
    await other.getByRole("button", { name: "Edit the announcement by Theo" }).click();
    await expect.poll(() => theirs.inputValue()).toBe("Lab safety, always.");
    await theirs.fill("Lab safety, always. Goggles too.");
    await other.getByRole("button", { name: "Save", exact: true }).click();
    await other.getByText("Lab safety, always. Goggles too.").waitFor();
    await confirmDelete.click();
    await t.getByRole("alert").getByText("Changed by someone else").waitFor();
    await t.getByRole("list", { name: "Announcements" }).getByText("Lab safety, always.").waitFor();
    await t.getByRole("button", { name: "Keep it" }).click();

    // The join code: copied (or told how), drawn anew, turned off and on.
    await t.goto(`/courses/${courseId}/people`);
    const code = t.locator(".join-code");
    const first = (await code.textContent()) ?? "";
    await t.getByRole("button", { name: "Copy the code" }).click();
    await t
      .getByRole("status")
      .getByText(/copied|did not allow copying/)
      .waitFor();
    await t.getByRole("button", { name: "New code" }).click();
    await expect.poll(() => code.textContent()).not.toBe(first);
    await t.getByRole("button", { name: "Turn off joining by code" }).click();
    await t.getByText("Joining by code is turned off.").waitFor();
    await expectAccessible(t, "the people page with joining by code off (dark)");
    await t.getByRole("button", { name: "Turn on with a new code" }).click();
    await code.waitFor();

    // An invitation sent by mistake is withdrawn; another is declined by its invitee.
    const wrong = uniqueEmail("wrong");
    await t.getByLabel("E-mail address to invite").fill(wrong);
    await t.getByRole("button", { name: "Send invitation" }).click();
    await t.getByRole("button", { name: `Withdraw the invitation to ${wrong}` }).click();
    await t.getByRole("status").getByText("The invitation is withdrawn.").waitFor();
    await t.getByLabel("E-mail address to invite").fill("not an address");
    await t.getByRole("button", { name: "Send invitation" }).click();
    const email = t.getByLabel("E-mail address to invite");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(t, "the people page with an invitation error (dark)");
    const invitee = uniqueEmail("ivy");
    await email.fill(invitee);
    await t.getByRole("button", { name: "Send invitation" }).click();
    await t.getByRole("button", { name: `Withdraw the invitation to ${invitee}` }).waitFor();

    const student = await person(suite.browser, suite.stack.url, "dark");
    const s = student.page;
    await registerThroughPage(s, "Ivy", invitee);
    await confirmEmail(suite.stack, s, invitee);
    await s.goto("/invitations");
    await s.getByRole("heading", { name: "Chemistry" }).waitFor();
    await expectAccessible(s, "the invitations page (dark)");
    await s.getByRole("button", { name: "Decline the invitation to Chemistry" }).click();
    await s.getByText("You have no pending invitations.").waitFor();
    await s.goto("/");
    await s.getByRole("heading", { name: "Your courses" }).waitFor();
    await s.getByText("You are in no course yet.", { exact: false }).waitFor();
    expect(await s.getByRole("region", { name: "Invitations" }).count()).toBe(0);

    // Invitations that cannot be read are not taken for none: home says so, and asks again on request.
    await s.route("**/api/invitations*", (route) => route.abort("internetdisconnected"));
    await s.reload();
    const failed = s.getByRole("region", { name: "Invitations" });
    await failed.getByRole("alert").getByText("Classroom could not be reached", { exact: false }).waitFor();
    await expectAccessible(s, "the home page when invitations cannot be read (dark)");
    await s.unroute("**/api/invitations*");
    await failed.getByRole("button", { name: /try again/i }).click();
    await expect.poll(() => failed.count()).toBe(0);
  });
});
