import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { auth, resetForUser } from "../api/auth";
import { useLinkToken } from "../auth/linkToken";
import { mapFieldErrors } from "../lib/forms";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextField } from "../ui/Field";
import { PageHeading } from "../ui/Page";

export default function ResetPassword() {
  const token = useLinkToken();
  const client = useQueryClient();
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: auth.resetPassword,
    // Every session of the account ended, this browser's too.
    onSuccess: () => resetForUser(client, null),
  });
  const errors = mapFieldErrors(reset.error, ["newPassword"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (token) {
      reset.mutate({ token, newPassword: password });
    }
  }

  return (
    <section className="narrow">
      <PageHeading title="Choose a new password">Choose a new password</PageHeading>
      {!token ? (
        <p>
          This link is incomplete. Open the whole link from the mail, or{" "}
          <Link to="/forgot-password">ask for a new one</Link>.
        </p>
      ) : reset.isSuccess ? (
        <div className="notice notice-success" role="status">
          <p className="notice-title">Your password is changed.</p>
          <p>
            You were signed out everywhere. <Link to="/sign-in">Sign in</Link> with the new password.
          </p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          {reset.isError ? <ErrorNotice key={reset.submittedAt} error={reset.error} others={errors.others} /> : null}
          <TextField
            label="New password"
            type="password"
            name="newPassword"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.fields.newPassword}
            hint="At least 8 characters. Every device signed in to this account is signed out."
          />
          <button type="submit" className="primary" disabled={reset.isPending}>
            Change password
          </button>
        </form>
      )}
    </section>
  );
}
