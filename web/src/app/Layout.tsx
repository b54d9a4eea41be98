import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { auth, meQuery, resetForUser } from "../api/auth";
import { ErrorNotice } from "../ui/ErrorNotice";
import { NotificationBell } from "../notifications/NotificationBell";

export function Layout() {
  const me = useQuery(meQuery);
  const client = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: auth.logout,
    onSettled: (_data, error) => {
      if (!error) {
        resetForUser(client, null);
        void navigate("/sign-in");
      }
    },
  });
  const user = me.data ?? null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Classroom
        </Link>
        {user ? (
          <nav aria-label="Main">
            <ul>
              <li>
                <NavLink to="/" end>
                  Courses
                </NavLink>
              </li>
              {user.role === "admin" ? (
                <li>
                  <NavLink to="/admin/users">Users</NavLink>
                </li>
              ) : null}
              <li>
                <NotificationBell />
              </li>
              <li>
                <NavLink to="/account">{user.displayName}</NavLink>
              </li>
              <li>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => signOut.mutate()}
                  disabled={signOut.isPending}
                >
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      {signOut.isError ? <ErrorNotice error={signOut.error} /> : null}
      {user && !user.emailVerified ? <VerifyBanner /> : null}
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

function VerifyBanner() {
  const send = useMutation({ mutationFn: auth.sendVerification });
  return (
    <div className="banner" role="region" aria-label="E-mail address not confirmed">
      <p>
        Confirm your e-mail address with the link we sent you: invitations to courses reach you only once it is
        confirmed.
      </p>
      {send.isSuccess ? (
        <p role="status">A new link is on its way.</p>
      ) : (
        <button type="button" onClick={() => send.mutate()} disabled={send.isPending}>
          Send the link again
        </button>
      )}
      {send.isError ? <ErrorNotice error={send.error} /> : null}
    </div>
  );
}
