import type { UserChange } from "../api/admin";
import type { User } from "../api/types";

/**
 * The loaded accounts whose name or e-mail address holds every word of
 * `text` (auth lists accounts without a search, so this looks at the pages
 * loaded so far).
 */
export function matchingUsers(users: readonly User[], text: string): User[] {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return [...users];
  }
  return users.filter((user) => {
    const haystack = `${user.displayName} ${user.email}`.toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** What a change is called on its button, in its confirmation and in its result. */
export interface ChangeWording {
  action: string;
  question: string;
  consequence: string;
  done: string;
  danger: boolean;
}

export function describeChange(user: Pick<User, "displayName" | "email">, change: UserChange): ChangeWording {
  const who = user.displayName || user.email;
  if ("role" in change) {
    return change.role === "admin"
      ? {
          action: "Make administrator",
          question: `Make ${who} an administrator?`,
          consequence: "They will manage every account, including yours, from their next page.",
          done: `${who} is now an administrator.`,
          danger: false,
        }
      : {
          action: "Remove administrator",
          question: `Remove ${who}'s administrator role?`,
          consequence: "They keep their account and courses, but no longer manage accounts.",
          done: `${who} is no longer an administrator.`,
          danger: false,
        };
  }
  return change.active
    ? {
        action: "Reactivate",
        question: `Reactivate ${who}'s account?`,
        consequence: "They can sign in again with their password.",
        done: `${who}'s account is active again.`,
        danger: false,
      }
    : {
        action: "Deactivate",
        question: `Deactivate ${who}'s account?`,
        consequence: "They are signed out everywhere at once and can no longer sign in. Their work stays.",
        done: `${who}'s account is deactivated: they were signed out everywhere.`,
        danger: true,
      };
}

/** The loaded pages with one account replaced by its changed version. */
export function replaceUser<P extends { items: User[] }>(pages: readonly P[], changed: User): P[] {
  return pages.map((page) => ({
    ...page,
    items: page.items.map((user) => (user.id === changed.id ? changed : user)),
  }));
}
