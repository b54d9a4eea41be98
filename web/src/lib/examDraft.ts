// An exam's sections as the editor holds them, and the sections the service
// takes; errors are named by the same paths as the service's 422
// ("sections[0].questions[2].correct"), so both land on the same input.
import type { Section, SectionInput, SectionOutline } from "../api/exams";
import { fromQuestion, localId, parseNumber, toQuestionInput, validateDraft, type QuestionDraft } from "./questions";

export interface SectionDraft {
  key: string;
  title: string;
  kind: "questions" | "draw";
  questions: QuestionDraft[];
  tag: string;
  count: string;
  pointsEach: string;
}

export function newSection(kind: SectionDraft["kind"] = "questions"): SectionDraft {
  return { key: localId("s"), title: "", kind, questions: [], tag: "", count: "1", pointsEach: "1" };
}

export function fromSections(sections: (Section | SectionOutline)[]): SectionDraft[] {
  return sections.flatMap((section): SectionDraft[] => {
    if ("questions" in section) {
      return [{ ...newSection("questions"), title: section.title, questions: section.questions.map(fromQuestion) }];
    }
    if ("draw" in section) {
      return [
        {
          ...newSection("draw"),
          title: section.title,
          tag: section.draw.tag,
          count: String(section.draw.count),
          pointsEach: String(section.draw.pointsEach),
        },
      ];
    }
    return [];
  });
}

export function toSectionsInput(sections: SectionDraft[]): SectionInput[] {
  return sections.map((section) =>
    section.kind === "draw"
      ? {
          title: section.title.trim(),
          draw: {
            tag: section.tag.trim(),
            count: parseNumber(section.count),
            pointsEach: parseNumber(section.pointsEach),
          },
        }
      : { title: section.title.trim(), questions: section.questions.map((q) => toQuestionInput(q)) },
  );
}

/** Every problem of the sections, by the service's field path. */
export function validateSections(sections: SectionDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  sections.forEach((section, s) => {
    if (section.kind === "draw") {
      if (section.tag.trim() === "") {
        errors[`sections[${s}].draw.tag`] = "name the bank's tag to draw from";
      }
      const count = parseNumber(section.count);
      if (!Number.isInteger(count) || count < 1 || count > 100) {
        errors[`sections[${s}].draw.count`] = "1 to 100";
      }
      const points = parseNumber(section.pointsEach);
      if (!Number.isFinite(points) || points < 0) {
        errors[`sections[${s}].draw.pointsEach`] = "must be a number, 0 or more";
      }
      return;
    }
    section.questions.forEach((question, q) => {
      for (const [member, message] of Object.entries(validateDraft(question))) {
        errors[`sections[${s}].questions[${q}].${member}`] = message;
      }
    });
  });
  return errors;
}

/** Points the sections are worth, as the service computes maxPoints; null while a number is unreadable. */
export function totalPoints(sections: SectionDraft[]): number | null {
  let total = 0;
  for (const section of sections) {
    const part =
      section.kind === "draw"
        ? parseNumber(section.count) * parseNumber(section.pointsEach)
        : section.questions.reduce((sum, q) => sum + parseNumber(q.points), 0);
    if (!Number.isFinite(part)) {
      return null;
    }
    total += part;
  }
  return Math.round(total * 100) / 100;
}
