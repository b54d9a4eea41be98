import { useQuery } from "@tanstack/react-query";
import { Navigate, Outlet, useLocation } from "react-router";
import { meQuery } from "../api/auth";
import { sameSitePath } from "../lib/paths";
import type { User } from "../api/types";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Loading, PageHeading } from "../ui/Page";

/** The signed-in user; only inside the pages RequireAuth guards. */
export function useUser(): User {
  const { data } = useQuery(meQuery);
  if (!data) {
    throw new Error("useUser outside a signed-in page");
  }
  return data;
}

/** Pages for signed-in people: the others go to sign in, and come back after. */
export function RequireAuth({ admin = false }: { admin?: boolean }) {
  const location = useLocation();
  const me = useQuery(meQuery);
  if (me.isPending) {
    return <Loading what="your account" />;
  }
  if (me.isError) {
    return (
      <>
        <PageHeading title="Not available">Classroom could not check who you are</PageHeading>
        <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
      </>
    );
  }
  if (me.data === null) {
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (admin && me.data.role !== "admin") {
    return (
      <>
        <PageHeading title="For administrators">For administrators only</PageHeading>
        <p>This page is for your school's administrators. Ask one if you need an account changed.</p>
      </>
    );
  }
  return <Outlet />;
}

/** Where to go after signing in: only a path of this site. */
export function safeNext(value: string | null): string {
  return sameSitePath(value) ?? "/";
}
