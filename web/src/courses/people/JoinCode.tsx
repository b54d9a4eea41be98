import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { people } from "../../api/people";
import type { Course } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";

/** The course's join code for its teachers: copy, draw a new one, turn joining by code off. */
export function JoinCode({ course, writable }: { course: Course; writable: boolean }) {
  const client = useQueryClient();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const onCourse = (changed: Course) => {
    setCopied(null);
    client.setQueryData(["course", course.id], changed);
    void client.invalidateQueries({ queryKey: ["courses"] });
  };
  const reset = useMutation({ mutationFn: () => people.newJoinCode(course.id), onSuccess: onCourse });
  const disable = useMutation({ mutationFn: () => people.disableJoinCode(course.id), onSuccess: onCourse });
  const code = course.joinCode ?? null;

  async function copy() {
    if (!code) {
      return;
    }
    try {
      await navigator.clipboard.writeText(code);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby="code-heading" className="card">
      <h2 id="code-heading">Class code</h2>
      {code ? (
        <p>
          Students join with the code <strong className="join-code">{code}</strong>
        </p>
      ) : (
        <p>Joining by code is turned off. Draw a new code to turn it on again.</p>
      )}
      <p role="status" className="muted">
        {copied === "yes"
          ? "The code is copied."
          : copied === "failed"
            ? "This browser did not allow copying: select the code and copy it."
            : ""}
      </p>
      {reset.isError ? <ErrorNotice error={reset.error} /> : null}
      {disable.isError ? <ErrorNotice error={disable.error} /> : null}
      <div className="actions">
        {code ? (
          <button type="button" onClick={() => void copy()}>
            Copy the code
          </button>
        ) : null}
        {writable ? (
          <>
            <button type="button" onClick={() => reset.mutate()} disabled={reset.isPending}>
              {code ? "New code" : "Turn on with a new code"}
            </button>
            {code ? (
              <button type="button" className="danger" onClick={() => disable.mutate()} disabled={disable.isPending}>
                Turn off joining by code
              </button>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
