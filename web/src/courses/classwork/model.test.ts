import { describe, expect, it } from "vitest";
import type { Coursework, Topic } from "../../api/classwork";
import { buildBody, emptyForm, formFrom, groupByTopic, keptMaterialRows, publication } from "./model";

function item(over: Partial<Coursework>): Coursework {
  return {
    id: "cw",
    courseId: "c",
    authorId: "a",
    title: "T",
    description: null,
    workType: "ASSIGNMENT",
    topicId: null,
    maxPoints: 10,
    dueAt: null,
    materials: [],
    state: "DRAFT",
    scheduledAt: null,
    publishedAt: null,
    assignees: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...over,
  };
}
const topic = (id: string): Topic => ({ id, courseId: "c", name: id, createdAt: "", updatedAt: "" });

describe("publication", () => {
  it("tells drafts, scheduled drafts and published work apart", () => {
    expect(publication({ state: "DRAFT", scheduledAt: null })).toBe("draft");
    expect(publication({ state: "DRAFT", scheduledAt: "2030-01-01T00:00:00Z" })).toBe("scheduled");
    expect(publication({ state: "PUBLISHED", scheduledAt: null })).toBe("published");
  });
});

describe("groupByTopic", () => {
  const items = [
    item({ id: "1", topicId: "b" }),
    item({ id: "2", topicId: null }),
    item({ id: "3", topicId: "a" }),
    item({ id: "4", topicId: "gone" }),
    item({ id: "5", topicId: "b" }),
  ];
  it("puts work without a known topic first, then topics in order, keeping item order", () => {
    const groups = groupByTopic(items, [topic("a"), topic("b"), topic("c")], false);
    expect(groups.map((g) => [g.topic?.id ?? null, g.items.map((i) => i.id)])).toEqual([
      [null, ["2", "4"]],
      ["a", ["3"]],
      ["b", ["1", "5"]],
    ]);
  });
  it("keeps empty topics when asked", () => {
    expect(groupByTopic([], [topic("a")], true)).toEqual([{ topic: topic("a"), items: [] }]);
    expect(groupByTopic([], [topic("a")], false)).toEqual([]);
  });
});

describe("buildBody", () => {
  it("creates a published assignment with points, due date and materials, empty rows dropped", () => {
    const { body, errors } = buildBody(
      {
        ...emptyForm,
        title: "Homework",
        maxPoints: "12.5",
        due: "2030-03-08T23:59",
        topicId: "t",
        materials: [
          { url: " https://example.org/a ", title: "" },
          { url: "", title: "" },
          { url: "https://example.org/b", title: " Sheet " },
        ],
      },
      null,
    );
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      title: "Homework",
      description: null,
      workType: "ASSIGNMENT",
      topicId: "t",
      maxPoints: 12.5,
      state: "PUBLISHED",
      assignees: null,
      materials: [
        { url: "https://example.org/a", title: null },
        { url: "https://example.org/b", title: "Sheet" },
      ],
    });
    expect(body.dueAt).toMatch(/^2030-03-0[89]T\d\d:59:00Z$/);
    expect(body).not.toHaveProperty("scheduledAt");
  });

  it("leaves points and due date off materials, and empty points means ungraded", () => {
    expect(buildBody({ ...emptyForm, workType: "MATERIAL", due: "2030-01-01T10:00" }, null).body).toMatchObject({
      maxPoints: null,
      dueAt: null,
    });
    expect(buildBody({ ...emptyForm, maxPoints: " " }, null).body.maxPoints).toBeNull();
  });

  it("schedules a draft, and asks for the time when it is missing", () => {
    const scheduled = buildBody({ ...emptyForm, publish: "schedule", scheduledAt: "2030-01-01T08:00" }, null);
    expect(scheduled.body.state).toBe("DRAFT");
    expect(scheduled.body.scheduledAt).toMatch(/^2030-01-01T\d\d:00:00Z$/);
    expect(buildBody({ ...emptyForm, publish: "schedule" }, null).errors).toHaveProperty("scheduledAt");
  });

  it("sends picked students sorted, and refuses an empty pick", () => {
    expect(buildBody({ ...emptyForm, assignAll: false, assignees: ["b", "a"] }, null).body.assignees).toEqual([
      "a",
      "b",
    ]);
    expect(buildBody({ ...emptyForm, assignAll: false }, null).errors).toHaveProperty("assignees");
  });

  it("rejects points that are not a number before sending", () => {
    expect(buildBody({ ...emptyForm, maxPoints: "ten" }, null).errors).toHaveProperty("maxPoints");
  });

  it("never sends state or schedule when editing published work, nor the work type", () => {
    const published = item({ state: "PUBLISHED", publishedAt: "2026-01-01T00:00:00Z" });
    const { body } = buildBody(formFrom(published), published);
    expect(body).not.toHaveProperty("state");
    expect(body).not.toHaveProperty("scheduledAt");
    expect(body).not.toHaveProperty("workType");
  });

  it("unschedules a draft saved as a plain draft", () => {
    const draft = item({ scheduledAt: "2030-01-01T00:00:00Z" });
    const form = { ...formFrom(draft), publish: "draft" as const };
    expect(buildBody(form, draft).body).toMatchObject({ state: "DRAFT", scheduledAt: null });
  });

  it("round-trips an item through the form: a material titled by its URL shows an empty title", () => {
    const form = formFrom(
      item({ maxPoints: null, materials: [{ url: "https://x.org", title: "https://x.org" }], assignees: ["s"] }),
    );
    expect(form).toMatchObject({ maxPoints: "", assignAll: false, assignees: ["s"], publish: "draft" });
    expect(form.materials).toEqual([{ url: "https://x.org", title: "" }]);
  });
});

describe("keptMaterialRows", () => {
  it("names the rows a save sends, so an error on materials[1] lands on its row", () => {
    const rows = [
      { url: "", title: "" },
      { url: "https://a.org", title: "" },
      { url: " ", title: " " },
      { url: "", title: "Notes" },
    ];
    expect(keptMaterialRows(rows)).toEqual([1, 3]);
  });
});
