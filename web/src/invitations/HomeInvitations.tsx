import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { myInvitationsQuery } from "../api/people";
import { ErrorNotice } from "../ui/ErrorNotice";
import { needsConfirmedAddress, retryInvitations } from "./model";

/**
 * Home's note of pending invitations. Shown only when there are some: an
 * unconfirmed address (403) is already explained by the page's banner; any
 * other failure is told here, or the person would think there are none.
 */
export function HomeInvitations() {
  const list = useQuery({ ...myInvitationsQuery, retry: retryInvitations });
  const count = list.data?.length ?? 0;
  if (list.isError && !needsConfirmedAddress(list.error)) {
    return (
      <section aria-labelledby="invitations-heading" className="card">
        <h2 id="invitations-heading">Invitations</h2>
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      </section>
    );
  }
  if (count === 0) {
    return null;
  }
  return (
    <section aria-labelledby="invitations-heading" className="card">
      <h2 id="invitations-heading">Invitations</h2>
      <ul className="todo">
        {list.data?.slice(0, 3).map((invitation) => (
          <li key={invitation.id}>
            {invitation.courseName} <span className="muted">· as a {invitation.role}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/invitations">{count === 1 ? "Answer the invitation" : `Answer ${count} invitations`}</Link>
      </p>
    </section>
  );
}
