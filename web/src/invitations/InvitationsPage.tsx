import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { invalidateMembers } from "../api/members";
import { myInvitationsQuery, people, type Invitation } from "../api/people";
import { ErrorNotice } from "../ui/ErrorNotice";
import { formatDateTime } from "../ui/format";
import { Empty, Loading, PageHeading } from "../ui/Page";
import { ConfirmFirst } from "./ConfirmFirst";
import { needsConfirmedAddress, retryInvitations } from "./model";

/** The caller's pending invitations to courses, to accept or decline. */
export default function InvitationsPage() {
  const list = useQuery({ ...myInvitationsQuery, retry: retryInvitations });
  const [joined, setJoined] = useState<Invitation | null>(null);
  return (
    <section>
      <PageHeading title="Invitations">Invitations</PageHeading>
      {joined ? (
        <p className="notice notice-success" role="status">
          You joined {joined.courseName}. <Link to={`/courses/${joined.courseId}`}>Open {joined.courseName}</Link>
        </p>
      ) : null}
      {list.isPending ? (
        <Loading what="your invitations" />
      ) : list.isError ? (
        needsConfirmedAddress(list.error) ? (
          <ConfirmFirst />
        ) : (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        )
      ) : list.data.length === 0 ? (
        <Empty>You have no pending invitations.</Empty>
      ) : (
        <ul className="plain-list">
          {list.data.map((invitation) => (
            <InvitationItem key={invitation.id} invitation={invitation} onJoined={setJoined} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function InvitationItem({
  invitation,
  onJoined,
}: {
  invitation: Invitation;
  onJoined: (invitation: Invitation) => void;
}) {
  const client = useQueryClient();
  const answer = useMutation({
    mutationFn: (accept: boolean) => (accept ? people.accept(invitation.id) : people.decline(invitation.id)),
    onSuccess: (answered) => {
      client.setQueryData<Invitation[]>(myInvitationsQuery.queryKey, (old) =>
        old?.filter((i) => i.id !== invitation.id),
      );
      void client.invalidateQueries({ queryKey: myInvitationsQuery.queryKey });
      if (answered.state === "ACCEPTED") {
        void client.invalidateQueries({ queryKey: ["courses"] });
        void invalidateMembers(client, answered.courseId);
        onJoined(answered);
      }
    },
  });
  const headingId = `invitation-${invitation.id}`;
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>{invitation.courseName}</h2>
        <p className="muted">
          You are invited as a {invitation.role} · {formatDateTime(invitation.createdAt)}
        </p>
        {answer.isError ? (
          needsConfirmedAddress(answer.error) ? (
            <ConfirmFirst />
          ) : (
            <ErrorNotice error={answer.error} />
          )
        ) : null}
        <div className="actions">
          <button type="button" className="primary" onClick={() => answer.mutate(true)} disabled={answer.isPending}>
            Accept<span className="visually-hidden"> the invitation to {invitation.courseName}</span>
          </button>
          <button type="button" onClick={() => answer.mutate(false)} disabled={answer.isPending}>
            Decline<span className="visually-hidden"> the invitation to {invitation.courseName}</span>
          </button>
        </div>
      </article>
    </li>
  );
}
