import type { Coursework, CourseworkBody, Topic, WorkType } from "../../api/classwork";
import { fromLocalInput, toLocalInput } from "../../ui/format";

export type Publication = "draft" | "scheduled" | "published";

/** How a teacher sees an item: a draft, a draft the service will publish later, or published. */
export function publication(item: Pick<Coursework, "state" | "scheduledAt">): Publication {
  if (item.state === "PUBLISHED") {
    return "published";
  }
  return item.scheduledAt ? "scheduled" : "draft";
}

export interface TopicGroup {
  /** null: the work without a topic. */
  topic: Topic | null;
  items: Coursework[];
}

/**
 * The Classwork screen's sections: the work without a topic first, then each
 * topic in the service's order (newest first), keeping each list's order.
 * Empty topics are kept only when asked (teachers manage them).
 */
export function groupByTopic(items: Coursework[], topics: Topic[], keepEmpty: boolean): TopicGroup[] {
  const known = new Set(topics.map((t) => t.id));
  const loose = items.filter((item) => item.topicId === null || !known.has(item.topicId));
  const groups: TopicGroup[] = loose.length > 0 ? [{ topic: null, items: loose }] : [];
  for (const topic of topics) {
    const own = items.filter((item) => item.topicId === topic.id);
    if (own.length > 0 || keepEmpty) {
      groups.push({ topic, items: own });
    }
  }
  return groups;
}

export interface MaterialRow {
  url: string;
  title: string;
}

/** The coursework form as typed: strings, as inputs hold them. */
export interface CourseworkForm {
  title: string;
  description: string;
  workType: WorkType;
  topicId: string;
  maxPoints: string;
  due: string;
  materials: MaterialRow[];
  assignAll: boolean;
  assignees: string[];
  publish: "draft" | "now" | "schedule";
  scheduledAt: string;
}

export const emptyForm: CourseworkForm = {
  title: "",
  description: "",
  workType: "ASSIGNMENT",
  topicId: "",
  maxPoints: "100",
  due: "",
  materials: [],
  assignAll: true,
  assignees: [],
  publish: "now",
  scheduledAt: "",
};

export function formFrom(item: Coursework): CourseworkForm {
  return {
    title: item.title,
    description: item.description ?? "",
    workType: item.workType,
    topicId: item.topicId ?? "",
    maxPoints: item.maxPoints === null ? "" : String(item.maxPoints),
    due: toLocalInput(item.dueAt),
    materials: item.materials.map((m) => ({ url: m.url, title: m.title === m.url ? "" : m.title })),
    assignAll: item.assignees === null,
    assignees: item.assignees ?? [],
    publish: item.state === "PUBLISHED" ? "now" : item.scheduledAt ? "schedule" : "draft",
    scheduledAt: toLocalInput(item.scheduledAt),
  };
}

/** The rows a save sends (the indices of those not left empty): a 422 about `materials[j]` is about row `kept[j]`. */
export function keptMaterialRows(rows: MaterialRow[]): number[] {
  return rows.flatMap((m, i) => (m.url.trim() !== "" || m.title.trim() !== "" ? [i] : []));
}

export interface Built {
  body: CourseworkBody;
  /** Problems found before sending, by input name (the service checks the rest). */
  errors: Record<string, string>;
}

/**
 * The request a create or an edit sends. Materials have no points and no due
 * date; published work cannot go back to draft or be scheduled, so an edit of
 * it leaves state and scheduledAt out; empty material rows are dropped.
 */
export function buildBody(form: CourseworkForm, editing: Coursework | null): Built {
  const errors: Record<string, string> = {};
  const assignment = form.workType === "ASSIGNMENT";
  let maxPoints: number | null = null;
  if (assignment && form.maxPoints.trim() !== "") {
    maxPoints = Number(form.maxPoints);
    if (!Number.isFinite(maxPoints)) {
      errors.maxPoints = "must be a number";
      maxPoints = null;
    }
  }
  if (!form.assignAll && form.assignees.length === 0) {
    errors.assignees = "choose at least one student, or all students";
  }
  if (form.publish === "schedule" && form.scheduledAt === "") {
    errors.scheduledAt = "choose when to publish";
  }
  const body: CourseworkBody = {
    title: form.title,
    description: form.description.trim() === "" ? null : form.description,
    topicId: form.topicId === "" ? null : form.topicId,
    maxPoints,
    dueAt: assignment ? fromLocalInput(form.due) : null,
    materials: keptMaterialRows(form.materials).map((i) => {
      const m = form.materials[i] as MaterialRow;
      return { url: m.url.trim(), title: m.title.trim() === "" ? null : m.title.trim() };
    }),
    assignees: form.assignAll ? null : [...form.assignees].sort(),
  };
  if (editing === null) {
    body.workType = form.workType;
  }
  if (editing === null || editing.state === "DRAFT") {
    if (form.publish === "now") {
      body.state = "PUBLISHED";
      if (editing !== null) {
        body.scheduledAt = null;
      }
    } else {
      body.state = "DRAFT";
      body.scheduledAt = form.publish === "schedule" ? fromLocalInput(form.scheduledAt) : null;
    }
  }
  return { body, errors };
}

/** The inputs a 422 can name, in the form's terms (mapFieldErrors matches prefixes). */
export const COURSEWORK_INPUTS = [
  "title",
  "description",
  "workType",
  "topicId",
  "maxPoints",
  "dueAt",
  "materials",
  "state",
  "scheduledAt",
  "assignees",
] as const;
