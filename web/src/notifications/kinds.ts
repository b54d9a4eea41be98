import type { EmailMode } from "../api/notifications";

/** A kind of notification notify knows (notify.yaml NotifiableType), as people read it. */
export interface NotificationKind {
  type: string;
  label: string;
  /** The e-mail frequency notify uses until the person chooses (docs/events.md, "Audience"). */
  defaultEmail: EmailMode;
  /** Invitations are always e-mailed to the invited address: no preference holds that back. */
  emailFixed?: boolean;
}

// In the order a person thinks of them: their course work first, their account last.
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  { type: "announcement.posted", label: "New announcements", defaultEmail: "DAILY" },
  { type: "comment.posted", label: "New comments", defaultEmail: "DAILY" },
  { type: "coursework.published", label: "New assignments and materials", defaultEmail: "DAILY" },
  { type: "coursework.due_soon", label: "Work due soon", defaultEmail: "IMMEDIATE" },
  { type: "submission.turned_in", label: "Work turned in by students", defaultEmail: "DAILY" },
  { type: "submission.returned", label: "Work returned to you", defaultEmail: "IMMEDIATE" },
  { type: "exam.published", label: "New exams", defaultEmail: "DAILY" },
  { type: "exam.opening_soon", label: "Exams opening soon", defaultEmail: "IMMEDIATE" },
  { type: "exam.closed", label: "Exams closed", defaultEmail: "OFF" },
  { type: "attempt.submitted", label: "Exam attempts submitted for you", defaultEmail: "OFF" },
  { type: "exam.result_released", label: "Exam results released", defaultEmail: "IMMEDIATE" },
  { type: "course.member_added", label: "People joining your courses", defaultEmail: "OFF" },
  { type: "course.member_removed", label: "Removal from a course", defaultEmail: "OFF" },
  { type: "invitation.created", label: "Invitations to courses", defaultEmail: "OFF", emailFixed: true },
  { type: "user.role_changed", label: "Changes to your account's role", defaultEmail: "OFF" },
  { type: "user.reactivated", label: "Your account reactivated", defaultEmail: "OFF" },
];

export const EMAIL_MODES: readonly { mode: EmailMode; label: string }[] = [
  { mode: "OFF", label: "No e-mail" },
  { mode: "IMMEDIATE", label: "At once" },
  { mode: "DAILY", label: "In a daily summary" },
];

/** The readable name of a type; a type this page does not know yet is shown as notify names it. */
export function kindLabel(type: string): string {
  return NOTIFICATION_KINDS.find((kind) => kind.type === type)?.label ?? type;
}

/**
 * The kinds to show: the known ones in their order, then any type notify
 * answered with that this page does not know (a newer notify), so none is
 * hidden from the person.
 */
export function kindsFor(emailTypes: readonly string[]): NotificationKind[] {
  const known = new Set(NOTIFICATION_KINDS.map((kind) => kind.type));
  const extra = emailTypes
    .filter((type) => !known.has(type))
    .sort()
    .map((type): NotificationKind => ({ type, label: type, defaultEmail: "OFF" }));
  return [...NOTIFICATION_KINDS, ...extra];
}
