import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { auth } from "../api/auth";
import { mapFieldErrors } from "../lib/forms";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextField } from "../ui/Field";
import { PageHeading } from "../ui/Page";

export default function ForgotPassword() {
  const [email, setEmail] = useState("");
  const forgot = useMutation({ mutationFn: auth.forgotPassword });
  const errors = mapFieldErrors(forgot.error, ["email"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    forgot.mutate(email);
  }

  return (
    <section className="narrow">
      <PageHeading title="Choose a new password">Choose a new password</PageHeading>
      {forgot.isSuccess ? (
        <div className="notice notice-success" role="status">
          <p className="notice-title">Check your mail.</p>
          <p>If an account uses {email}, a link to choose a new password is on its way. It works once, for an hour.</p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>We send a link to your e-mail address; it lets you choose a new password.</p>
          {forgot.isError ? <ErrorNotice key={forgot.submittedAt} error={forgot.error} others={errors.others} /> : null}
          <TextField
            label="E-mail address"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.fields.email}
          />
          <button type="submit" className="primary" disabled={forgot.isPending}>
            Send the link
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
