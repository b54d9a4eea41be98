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

export default function SignIn() {
  const [params] = useSearchParams();
  const signedIn = useSignedIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({ mutationFn: auth.login, onSuccess: signedIn });
  const errors = mapFieldErrors(login.error, ["email", "password"]);
  const wrong = login.error instanceof ApiError && login.error.status === 401;

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email, password });
  }

  return (
    <section className="narrow">
      <PageHeading title="Sign in">Sign in to Classroom</PageHeading>
      <form onSubmit={submit} noValidate>
        {wrong ? (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">The e-mail address or the password is wrong.</p>
            <p>
              Check both and try again, or <Link to="/forgot-password">choose a new password</Link>.
            </p>
          </div>
        ) : login.isError ? (
          // Remounted for each failure, so a new wait counts down afresh.
          <ErrorNotice key={login.failureCount + login.submittedAt} error={login.error} others={errors.others} />
        ) : null}
        <TextField
          label="E-mail address"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to={{ pathname: "/register", search: params.toString() }}>Create an account</Link>
      </p>
    </section>
  );
}
