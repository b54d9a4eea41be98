import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { auth, meQuery } from "../api/auth";
import { useLinkToken } from "../auth/linkToken";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Loading, PageHeading } from "../ui/Page";

export default function VerifyEmail() {
  const token = useLinkToken();
  const client = useQueryClient();
  const verify = useMutation({
    mutationFn: auth.verifyEmail,
    // An answer to /auth/me already on its way was read before the change:
    // cancelled, then asked again.
    onSuccess: async () => {
      await client.cancelQueries({ queryKey: meQuery.queryKey });
      await client.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
  const { mutate } = verify;
  // The token works once: sent once per page, also where effects run twice
  // (React's StrictMode in development).
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      mutate(token);
    }
  }, [token, mutate]);

  return (
    <section className="narrow">
      <PageHeading title="Confirm your e-mail address">Confirm your e-mail address</PageHeading>
      {!token ? (
        <p>This link is incomplete. Open the whole link from the mail we sent you, or sign in and ask for a new one.</p>
      ) : verify.isSuccess ? (
        <div className="notice notice-success" role="status">
          <p className="notice-title">Your e-mail address is confirmed.</p>
          <p>
            Invitations to courses sent to it now reach you. <Link to="/">Go to your courses</Link>
          </p>
        </div>
      ) : verify.isError ? (
        <>
          <ErrorNotice error={verify.error} />
          <p>
            Signed in? The banner at the top of <Link to="/">your courses</Link> sends a new link.
          </p>
        </>
      ) : (
        <Loading what="the confirmation" />
      )}
    </section>
  );
}
