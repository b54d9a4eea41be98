import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { usersQuery, type UserChange } from "../api/admin";
import type { User } from "../api/types";
import { useUser } from "../auth/RequireAuth";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextField } from "../ui/Field";
import { formatDate } from "../ui/format";
import { useSettled } from "../lib/useSettled";
import { Empty, Loading, PageHeading } from "../ui/Page";
import { ConfirmChange } from "./ConfirmChange";
import { describeChange, matchingUsers, replaceUser } from "./users";

interface Pending {
  user: User;
  change: UserChange;
}

export default function Users() {
  const client = useQueryClient();
  const me = useUser();
  const users = useInfiniteQuery(usersQuery);
  const [search, setSearch] = useState("");
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState("");
  // The button that opened the dialog gets the focus back when it closes (it
  // stays the same element: its row's buttons are keyed by what they change).
  const opener = useRef<HTMLElement | null>(null);
  const loaded = users.data?.pages.flatMap((page) => page.items) ?? [];
  const shown = matchingUsers(loaded, search);
  const count = search.trim()
    ? `${shown.length} of ${loaded.length} loaded accounts match.`
    : `${loaded.length} accounts loaded${users.hasNextPage ? ", more to show" : ""}.`;
  // Announced once typing pauses: a screen reader would otherwise read a count at every keystroke.
  const announced = useSettled(count, 500);

  function changed(user: User, message: string) {
    client.setQueryData(usersQuery.queryKey, (data) =>
      data ? { ...data, pages: replaceUser(data.pages, user) } : data,
    );
    setResult(message);
    close();
  }

  function open(user: User, change: UserChange) {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setResult("");
    setPending({ user, change });
  }

  function close() {
    setPending(null);
    // After the dialog is gone from the page.
    window.setTimeout(() => opener.current?.focus(), 0);
  }

  return (
    <section className="admin-users">
      <PageHeading title="Users">Users</PageHeading>
      <p className="muted">Every account of this Classroom, newest first. Administrators manage accounts here.</p>
      <div role="status" className="admin-result">
        {result ? <p className="notice notice-success">{result}</p> : null}
      </div>
      <TextField
        label="Find an account"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        hint="By name or e-mail address, among the accounts loaded below; show more to look further."
        autoComplete="off"
      />
      {users.isPending ? (
        <Loading what="the accounts" />
      ) : users.isError && !users.isFetchNextPageError ? (
        <ErrorNotice error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <>
          <p className="muted" aria-hidden="true">
            {count}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {announced}
          </p>
          {shown.length === 0 ? (
            <Empty>No loaded account matches. Show more accounts, or change what you look for.</Empty>
          ) : (
            <UserTable users={shown} myId={me.id} onChange={open} />
          )}
          {users.isFetchNextPageError ? (
            <ErrorNotice error={users.error} onRetry={() => void users.fetchNextPage()} />
          ) : null}
          {users.hasNextPage ? (
            <button type="button" onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
              {users.isFetchingNextPage ? "Loading more accounts…" : "Show more accounts"}
            </button>
          ) : null}
        </>
      )}
      {pending ? (
        <ConfirmChange
          user={pending.user}
          change={pending.change}
          onDone={(user) => changed(user, describeChange(user, pending.change).done)}
          onClose={close}
        />
      ) : null}
    </section>
  );
}

function UserTable({
  users,
  myId,
  onChange,
}: {
  users: User[];
  myId: string;
  onChange: (user: User, change: UserChange) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail address</th>
            <th scope="col">Role</th>
            <th scope="col">Account</th>
            <th scope="col">Since</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const roleChange: UserChange = { role: user.role === "admin" ? "user" : "admin" };
            const activeChange: UserChange = { active: !user.active };
            return (
              <tr key={user.id}>
                <th scope="row">
                  {user.displayName}
                  {user.id === myId ? <span className="muted"> (you)</span> : null}
                </th>
                <td>
                  {user.email}
                  {user.emailVerified ? null : <span className="muted"> (not confirmed)</span>}
                </td>
                <td>{user.role === "admin" ? "Administrator" : "User"}</td>
                <td>{user.active ? "Active" : <span className="badge badge-inactive">Deactivated</span>}</td>
                <td>{formatDate(user.createdAt)}</td>
                <td>
                  {user.id === myId ? (
                    <span className="muted">Another administrator changes your account</span>
                  ) : (
                    <div className="actions">
                      {[roleChange, activeChange].map((change) => {
                        const wording = describeChange(user, change);
                        return (
                          <button
                            key={"role" in change ? "role" : "active"}
                            type="button"
                            className={wording.danger ? "danger" : undefined}
                            onClick={() => onChange(user, change)}
                            aria-label={`${wording.action}: ${user.displayName}`}
                            aria-haspopup="dialog"
                          >
                            {wording.action}
                          </button>
                        );
                      })}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
