import { useMutation } from "@tanstack/react-query";
import { auth } from "../api/auth";
import { ErrorNotice } from "../ui/ErrorNotice";

/** Why invitations are out of reach (403), and the way to fix it: confirm the address from the mail. */
export function ConfirmFirst() {
  const resend = useMutation({ mutationFn: auth.sendVerification });
  return (
    <div className="notice notice-info" role="alert">
      <p className="notice-title">Confirm your e-mail address first</p>
      <p>
        Invitations go to an e-mail address, so Classroom shows and accepts them only once you have proved the address
        is yours: open the link Classroom sent to it.
      </p>
      {resend.isSuccess ? (
        <p role="status">A new link is on its way. Open it, then come back here.</p>
      ) : (
        <button type="button" onClick={() => resend.mutate()} disabled={resend.isPending}>
          Send the link again
        </button>
      )}
      {resend.isError ? <ErrorNotice error={resend.error} /> : null}
    </div>
  );
}
