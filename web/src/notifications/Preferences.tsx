import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { coursesQuery } from "../api/courses";
import { ApiError } from "../api/http";
import {
  notifications,
  preferencesQuery,
  type EmailMode,
  type NotificationPreferences,
  type VersionedPreferences,
} from "../api/notifications";
import type { Course } from "../api/types";
import { mapFieldErrors } from "../lib/forms";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Empty, Loading, PageHeading } from "../ui/Page";
import { EMAIL_MODES, kindsFor } from "./kinds";
import { changed, toggled, unlistedCourses, withEmail } from "./preferences";

export default function Preferences() {
  const stored = useQuery(preferencesQuery);
  // A new form (from what is stored now) after the person asked for the latest version.
  const [generation, setGeneration] = useState(0);
  const reloaded = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The button that asked for it is gone with the old form: the focus goes to what happened.
    if (generation > 0) {
      reloaded.current?.focus();
    }
  }, [generation]);
  return (
    <section className="preferences">
      <PageHeading title="Notification settings">Notification settings</PageHeading>
      <p>
        <Link to="/inbox">Back to your notifications</Link>
      </p>
      {stored.isPending ? (
        <Loading what="your notification settings" />
      ) : stored.isError ? (
        <ErrorNotice error={stored.error} onRetry={() => void stored.refetch()} />
      ) : (
        <>
          {generation > 0 ? (
            <p className="notice notice-info" role="status" tabIndex={-1} ref={reloaded}>
              These are your latest settings, as saved elsewhere. Make your change again, then save.
            </p>
          ) : null}
          <PreferencesForm
            key={generation}
            stored={stored.data}
            onReload={async () => {
              await stored.refetch();
              setGeneration((n) => n + 1);
            }}
          />
        </>
      )}
    </section>
  );
}

function PreferencesForm({ stored, onReload }: { stored: VersionedPreferences; onReload: () => Promise<void> }) {
  const client = useQueryClient();
  // The version this form started from: a refetch (window focus) must not swap in a newer ETag
  // under older values, or saving would silently overwrite a change made elsewhere.
  const [base, setBase] = useState<VersionedPreferences>(stored);
  const [draft, setDraft] = useState<NotificationPreferences>(stored.preferences);
  const save = useMutation({
    mutationFn: () => notifications.savePreferences(draft, base.etag),
    onSuccess: (answer) => {
      client.setQueryData(preferencesQuery.queryKey, answer);
      setBase(answer);
      setDraft(answer.preferences);
    },
  });
  const errors = mapFieldErrors(save.error, []);
  const stale = save.error instanceof ApiError && save.error.status === 412;
  const dirty = changed(base.preferences, draft);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Notification settings">
      <MutedCourses draft={draft} onChange={setDraft} />
      <Kinds draft={draft} onChange={setDraft} />
      {save.isSuccess && !dirty ? (
        <p className="notice notice-success" role="status">
          Your notification settings are saved.
        </p>
      ) : null}
      {save.isError ? (
        <div>
          <ErrorNotice key={save.submittedAt} error={save.error} others={errors.others} />
          {stale ? (
            <button type="button" onClick={() => void onReload()}>
              Load the latest settings
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || !dirty}>
          {save.isPending ? "Saving…" : "Save settings"}
        </button>
        <button type="button" onClick={() => setDraft(base.preferences)} disabled={save.isPending || !dirty}>
          Undo changes
        </button>
      </div>
    </form>
  );
}

interface PartProps {
  draft: NotificationPreferences;
  onChange: (next: NotificationPreferences) => void;
}

function MutedCourses({ draft, onChange }: PartProps) {
  const courses = useQuery(coursesQuery());
  const listed: Course[] = courses.data?.items ?? [];
  const unlisted = unlistedCourses(
    draft.mutedCourses,
    listed.map((course) => course.id),
  );
  return (
    <fieldset className="card">
      <legend>Courses</legend>
      <p className="field-hint" id="courses-hint">
        A muted course sends you nothing: no notifications in Classroom and no e-mail.
      </p>
      {courses.isPending ? (
        <Loading what="your courses" />
      ) : courses.isError ? (
        <ErrorNotice error={courses.error} onRetry={() => void courses.refetch()} />
      ) : listed.length === 0 ? (
        <Empty>You are in no course yet.</Empty>
      ) : (
        <ul className="check-list" aria-describedby="courses-hint">
          {listed.map((course) => (
            <li key={course.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.mutedCourses.includes(course.id)}
                  onChange={(e) =>
                    onChange({ ...draft, mutedCourses: toggled(draft.mutedCourses, course.id, e.target.checked) })
                  }
                />
                Mute {course.name}
                {course.section ? <span className="muted"> ({course.section})</span> : null}
              </label>
            </li>
          ))}
        </ul>
      )}
      {unlisted.length > 0 ? (
        <p className="muted">
          {unlisted.length === 1
            ? "1 archived or left course stays"
            : `${unlisted.length} archived or left courses stay`}{" "}
          muted.{" "}
          <button
            type="button"
            className="link-button"
            onClick={() =>
              onChange({ ...draft, mutedCourses: draft.mutedCourses.filter((id) => !unlisted.includes(id)) })
            }
          >
            Unmute {unlisted.length === 1 ? "it" : "them"}
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}

function Kinds({ draft, onChange }: PartProps) {
  const kinds = kindsFor(Object.keys(draft.email));
  return (
    <fieldset className="card">
      <legend>Kinds of notification</legend>
      <p className="field-hint">
        Choose what reaches you, and which e-mails you get: at once, or gathered into one e-mail a day.
      </p>
      <div className="table-scroll">
        <table className="kinds-table">
          <thead>
            <tr>
              <th scope="col">Notification</th>
              <th scope="col">Notify me</th>
              <th scope="col">E-mail</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => {
              const muted = draft.mutedTypes.includes(kind.type);
              const mode: EmailMode = draft.email[kind.type] ?? kind.defaultEmail;
              return (
                <tr key={kind.type}>
                  <th scope="row">{kind.label}</th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Notify me of ${kind.label.toLowerCase()}`}
                      checked={!muted}
                      onChange={(e) =>
                        onChange({ ...draft, mutedTypes: toggled(draft.mutedTypes, kind.type, !e.target.checked) })
                      }
                    />
                  </td>
                  <td>
                    {kind.emailFixed ? (
                      <span className="muted">Always sent to the invited address</span>
                    ) : muted ? (
                      <span className="muted">None while muted</span>
                    ) : (
                      <select
                        aria-label={`E-mail for ${kind.label.toLowerCase()}`}
                        value={mode}
                        onChange={(e) => onChange(withEmail(draft, kind.type, e.target.value as EmailMode))}
                      >
                        {EMAIL_MODES.map((option) => (
                          <option key={option.mode} value={option.mode}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
