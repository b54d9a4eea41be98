import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, useRef } from "react";
import { useNavigate } from "react-router";
import { auth, resetForUser, sessionsQuery } from "../api/auth";
import type { Session } from "../api/types";
import { useUser } from "../auth/RequireAuth";
import { mapFieldErrors } from "../lib/forms";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextField } from "../ui/Field";
import { formatDateTime } from "../ui/format";
import { Loading, PageHeading } from "../ui/Page";
import { focusAfterRemoval } from "../ui/focus";

export default function Account() {
  const user = useUser();
  return (
    <section>
      <PageHeading title="Your account">Your account</PageHeading>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{user.displayName}</dd>
        <dt>E-mail address</dt>
        <dd>
          {user.email} {user.emailVerified ? "(confirmed)" : "(not confirmed yet)"}
        </dd>
      </dl>
      <ChangePassword />
      <Sessions />
    </section>
  );
}

function ChangePassword() {
  const client = useQueryClient();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation({
    mutationFn: auth.changePassword,
    onSuccess: () => {
      setCurrent("");
      setNew("");
      void client.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
  });
  const errors = mapFieldErrors(change.error, ["currentPassword", "newPassword"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="password-heading" className="card">
      <h2 id="password-heading">Change password</h2>
      {change.isSuccess ? (
        <p className="notice notice-success" role="status">
          Your password is changed. Every other device was signed out.
        </p>
      ) : null}
      {change.isError ? <ErrorNotice key={change.submittedAt} error={change.error} others={errors.others} /> : null}
      <TextField
        label="Current password"
        type="password"
        name="currentPassword"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.fields.currentPassword}
      />
      <TextField
        label="New password"
        type="password"
        name="newPassword"
        autoComplete="new-password"
        required
        minLength={8}
        value={newPassword}
        onChange={(e) => setNew(e.target.value)}
        error={errors.fields.newPassword}
        hint="At least 8 characters."
      />
      <button type="submit" disabled={change.isPending}>
        Change password
      </button>
    </form>
  );
}

function describeDevice(session: Session): string {
  const agent = session.userAgent ?? "";
  const browser = /Firefox\//.test(agent)
    ? "Firefox"
    : /Edg\//.test(agent)
      ? "Edge"
      : /Chrom(e|ium)\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : agent
            ? agent.split(" ")[0]
            : "Unknown browser";
  return session.ip ? `${browser} from ${session.ip}` : (browser ?? "Unknown browser");
}

function Sessions() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery(sessionsQuery);
  const heading = useRef<HTMLHeadingElement>(null);
  const revoke = useMutation({
    mutationFn: auth.revokeSession,
    onSuccess: () => {
      // The pressed button went with its row.
      focusAfterRemoval(heading);
      return client.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
  });
  const everywhere = useMutation({
    mutationFn: auth.logoutAll,
    onSuccess: () => {
      resetForUser(client, null);
      void navigate("/sign-in");
    },
  });

  return (
    <section aria-labelledby="sessions-heading" className="card">
      <h2 id="sessions-heading" ref={heading} tabIndex={-1}>
        Where you are signed in
      </h2>
      {sessions.isPending ? (
        <Loading what="your sessions" />
      ) : sessions.isError ? (
        <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.items.map((session) => (
              <tr key={session.id}>
                <td>
                  {describeDevice(session)}
                  {session.current ? <strong> (this device)</strong> : null}
                </td>
                <td>{formatDateTime(session.createdAt)}</td>
                <td>{formatDateTime(session.lastSeenAt)}</td>
                <td>
                  {session.current ? null : (
                    <button
                      type="button"
                      onClick={() => revoke.mutate(session.id)}
                      disabled={revoke.isPending}
                      aria-label={`Sign out ${describeDevice(session)}, signed in ${formatDateTime(session.createdAt)}`}
                    >
                      Sign out
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError ? <ErrorNotice error={revoke.error} /> : null}
      {everywhere.isError ? <ErrorNotice error={everywhere.error} /> : null}
      <button type="button" className="danger" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
        Sign out everywhere
      </button>
    </section>
  );
}
