import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { ErrorNotice } from "../ui/ErrorNotice";

/**
 * A screen that failed to load or to draw: what happened and a way on, never
 * a blank page. A screen's script that no longer exists on the server (a new
 * version was deployed while the page was open) is fixed by a reload.
 */
export function RouteError() {
  const error = useRouteError();
  const stale = error instanceof TypeError && /dynamically imported module|module script/i.test(error.message);
  return (
    <section className="route-error">
      <h1>{stale ? "Classroom was updated" : "This page could not be shown"}</h1>
      {stale ? (
        <p>A newer version of Classroom is available. Reload the page to use it.</p>
      ) : (
        <ErrorNotice error={isRouteErrorResponse(error) ? new Error(error.statusText) : error} />
      )}
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>{" "}
        <Link to="/">Go to your courses</Link>
      </p>
    </section>
  );
}
