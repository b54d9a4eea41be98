import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { admin, type UserChange } from "../api/admin";
import { ApiError } from "../api/http";
import type { User } from "../api/types";
import { ErrorNotice } from "../ui/ErrorNotice";
import { ModalDialog } from "../ui/ModalDialog";
import { Loading } from "../ui/Page";
import { describeChange } from "./users";

/**
 * Asks before an account is changed. The account is read afresh when the
 * dialog opens: the change is sent with that version (If-Match), so a change
 * another administrator made meanwhile is a 412 explained here, not overwritten.
 */
export function ConfirmChange({
  user,
  change,
  onDone,
  onClose,
}: {
  user: User;
  change: UserChange;
  onDone: (changed: User) => void;
  onClose: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const wording = describeChange(user, change);
  const current = useQuery({
    queryKey: ["admin", "user", user.id],
    queryFn: ({ signal }) => admin.getUser(user.id, signal),
    staleTime: 0,
  });
  const apply = useMutation({
    mutationFn: () => admin.updateUser(user.id, change, current.data?.etag ?? null),
    onSuccess: onDone,
    // Someone changed the account since it was read: read it again, so the
    // dialog shows what it is now and a new attempt names that version.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) {
        void current.refetch();
      }
    },
  });

  const fresh = current.data?.user;
  const alreadyDone = fresh ? ("role" in change ? fresh.role === change.role : fresh.active === change.active) : false;

  return (
    // The safe choice has the focus first.
    <ModalDialog title={wording.question} onClose={onClose} initialFocus={cancel}>
      <p>{wording.consequence}</p>
      <p className="muted">
        {user.displayName} · {user.email}
      </p>
      {current.isPending ? <Loading what="the account's current state" /> : null}
      {current.isError ? <ErrorNotice error={current.error} onRetry={() => void current.refetch()} /> : null}
      {alreadyDone && fresh ? (
        <p className="notice notice-info" role="status">
          This is done already (another administrator changed the account).
        </p>
      ) : null}
      {apply.isError ? <ErrorNotice key={apply.submittedAt} error={apply.error} /> : null}
      <div className="actions">
        {alreadyDone && fresh ? (
          <button type="button" className="primary" onClick={() => onDone(fresh)}>
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className={wording.danger ? "danger" : "primary"}
              onClick={() => apply.mutate()}
              disabled={!current.isSuccess || apply.isPending}
            >
              {apply.isPending ? "Saving…" : wording.action}
            </button>
            <button type="button" onClick={onClose} ref={cancel}>
              Cancel
            </button>
          </>
        )}
      </div>
    </ModalDialog>
  );
}
