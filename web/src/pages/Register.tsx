import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { auth } from "../api/auth";
import { ApiError } from "../api/http";
import { useSignedIn } from "../auth/useSignedIn";
import { mapFieldErrors } from "../lib/forms";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextField } from "../ui/Field";
import { PageHeading } from "../ui/Page";

export default function Register() {
  const [params] = useSearchParams();
  const signedIn = useSignedIn();
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const register = useMutation({ mutationFn: auth.register, onSuccess: signedIn });
  const errors = mapFieldErrors(register.error, ["displayName", "email", "password"]);
  const taken = register.error instanceof ApiError && register.error.status === 409;

  function submit(event: FormEvent) {
    event.preventDefault();
    register.mutate({ displayName, email, password });
  }

  return (
    <section className="narrow">
      <PageHeading title="Create an account">Create your Classroom account</PageHeading>
      <form onSubmit={submit} noValidate>
        {taken ? (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">An account with this e-mail address exists already.</p>
            <p>
              <Link to="/sign-in">Sign in</Link> instead, or <Link to="/forgot-password">choose a new password</Link>.
            </p>
          </div>
        ) : register.isError ? (
          <ErrorNotice key={register.submittedAt} error={register.error} others={errors.others} />
        ) : null}
        <TextField
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={errors.fields.displayName}
          hint="As your teachers and classmates will see it."
        />
        <TextField
          label="E-mail address"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          hint="We send a link to confirm it: invitations to courses need a confirmed address."
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
          hint="At least 8 characters. A few words you remember make a good one."
        />
        <button type="submit" className="primary" disabled={register.isPending}>
          {register.isPending ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p>
        Have an account? <Link to={{ pathname: "/sign-in", search: params.toString() }}>Sign in</Link>
      </p>
    </section>
  );
}
