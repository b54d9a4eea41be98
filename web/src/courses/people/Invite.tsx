import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, useRef } from "react";
import { ApiError, newIdempotencyKey } from "../../api/http";
import { keepsIdempotencyKey } from "../../api/http";
import { people, sentInvitationsKey, type SentInvitation } from "../../api/people";
import { mapFieldErrors } from "../../lib/forms";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SelectField, TextField } from "../../ui/Field";
import { formatDateTime } from "../../ui/format";
import { focusAfterRemoval } from "../../ui/focus";

/** Invite by e-mail (owner: teachers or students; teachers: students), and the invitations sent from here. */
export function Invite({ courseId, owner }: { courseId: string; owner: boolean }) {
  const client = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"student" | "teacher">("student");
  const [key, setKey] = useState(newIdempotencyKey);
  const invite = useMutation({
    mutationFn: () => people.invite(courseId, { email, role }, key),
    onSuccess: (sent) => {
      setEmail("");
      setKey(newIdempotencyKey());
      client.setQueryData<SentInvitation[]>(sentInvitationsKey(courseId), (old = []) => [
        sent,
        ...old.filter((s) => s.invitation.id !== sent.invitation.id),
      ]);
    },
    onError: (error) => {
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
  });
  const errors = mapFieldErrors(invite.error, ["email", "role"]);
  const conflict = invite.error instanceof ApiError && invite.error.status === 409;

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <section aria-labelledby="invite-heading" className="card">
      <h2 id="invite-heading">Invite people</h2>
      <form onSubmit={submit} noValidate aria-labelledby="invite-heading">
        {invite.isSuccess ? (
          <p className="notice notice-success" role="status">
            {invite.data.invitation.email} is invited. They accept it from their Invitations page once their address is
            confirmed.
          </p>
        ) : null}
        {conflict ? (
          <p className="notice notice-error" role="alert">
            {invite.error instanceof ApiError && invite.error.problem?.detail
              ? `Not sent: ${invite.error.problem.detail}.`
              : "Not sent: this address is a member or already invited."}
          </p>
        ) : invite.isError ? (
          <ErrorNotice key={invite.submittedAt} error={invite.error} others={errors.others} />
        ) : null}
        <div className="editor-row">
          <TextField
            label="E-mail address to invite"
            name="email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.fields.email}
          />
          <SelectField
            label="As"
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value === "teacher" ? "teacher" : "student")}
            error={errors.fields.role}
            hint={owner ? undefined : "Only the course's owner invites teachers."}
          >
            <option value="student">Student</option>
            {owner ? <option value="teacher">Teacher</option> : null}
          </SelectField>
        </div>
        <button type="submit" className="primary" disabled={invite.isPending}>
          Send invitation
        </button>
      </form>
      <SentInvitations courseId={courseId} />
    </section>
  );
}

function SentInvitations({ courseId }: { courseId: string }) {
  const client = useQueryClient();
  const sent = useQuery<SentInvitation[]>({
    queryKey: sentInvitationsKey(courseId),
    queryFn: () => [],
    staleTime: Infinity,
    gcTime: Infinity,
  });
  // Where the focus goes once a withdrawn invitation's row (and its button) is gone.
  const after = useRef<HTMLElement>(null);
  const withdraw = useMutation({
    mutationFn: people.withdraw,
    onSuccess: (invitation) => {
      client.setQueryData<SentInvitation[]>(sentInvitationsKey(courseId), (old = []) =>
        old.filter((s) => s.invitation.id !== invitation.id),
      );
      focusAfterRemoval(after);
    },
  });
  const pending = (sent.data ?? []).filter((s) => s.invitation.state === "PENDING");
  if (pending.length === 0) {
    return withdraw.isSuccess ? (
      <p
        className="notice notice-success"
        role="status"
        ref={(element) => {
          after.current = element;
        }}
        tabIndex={-1}
      >
        The invitation is withdrawn.
      </p>
    ) : null;
  }
  return (
    <>
      <h3
        ref={(element) => {
          after.current = element;
        }}
        tabIndex={-1}
      >
        Pending invitations you sent
      </h3>
      {withdraw.isError ? <ErrorNotice error={withdraw.error} /> : null}
      <ul className="plain-list people-list">
        {pending.map((s) => (
          <li key={s.invitation.id} className="person">
            <span>
              {s.invitation.email}{" "}
              <span className="muted">
                · {s.invitation.role === "teacher" ? "teacher" : "student"} · invited{" "}
                {formatDateTime(s.invitation.createdAt)}
              </span>
            </span>
            <button type="button" onClick={() => withdraw.mutate(s)} disabled={withdraw.isPending}>
              Withdraw<span className="visually-hidden"> the invitation to {s.invitation.email}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
