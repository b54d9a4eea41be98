import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { coursework, submissionQuery, submissionsQuery, type Submission } from "../../api/coursework";
import type { Coursework } from "../../api/classwork";
import type { WebLink } from "../../api/types";
import { ApiError, type Versioned } from "../../api/http";
import { mapFieldErrors } from "../../lib/forms";
import { describeSubmission, formatPoints } from "../../lib/grades";
import { checkWebUrl } from "../../lib/links";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextArea, TextField } from "../../ui/Field";
import { formatDateTime } from "../../ui/format";
import { Empty, Loading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { History } from "./History";
import { OutboundLink } from "../../ui/OutboundLink";

const EDITABLE = new Set(["NEW", "CREATED", "RECLAIMED_BY_STUDENT"]);

/** A student's own work on an assignment: its state, the text and links, turn in and unsubmit. */
export function StudentSubmission({ work }: { work: Coursework }) {
  const courseId = useCourseId();
  const mine = useQuery(submissionsQuery(courseId, work.id));
  const subId = mine.data?.[0]?.id;
  const current = useQuery({ ...submissionQuery(courseId, work.id, subId ?? ""), enabled: subId !== undefined });
  // Kept here: the editor below starts anew with each saved version, the announcement must outlive it.
  const [announcement, setAnnouncement] = useState("");

  let body;
  if (mine.isPending || (subId !== undefined && current.isPending)) {
    body = <Loading what="your work" />;
  } else if (mine.isError) {
    body = <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />;
  } else if (subId === undefined) {
    body = <Empty>This assignment is not given to you, so there is no work of yours to hand in.</Empty>;
  } else if (current.isError) {
    body = <ErrorNotice error={current.error} onRetry={() => void current.refetch()} />;
  } else if (current.data) {
    body = <WorkEditor key={current.data.data.id} work={work} current={current.data} announce={setAnnouncement} />;
  }
  return (
    <section aria-labelledby="your-work-heading" className="card">
      <h2 id="your-work-heading" tabIndex={-1}>
        Your work
      </h2>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {body}
    </section>
  );
}

function WorkEditor({
  work,
  current,
  announce,
}: {
  work: Coursework;
  current: Versioned<Submission>;
  announce: (text: string) => void;
}) {
  const courseId = useCourseId();
  const client = useQueryClient();
  const submission = current.data;
  const archived = useCourse().course.state === "ARCHIVED";
  const editable = EDITABLE.has(submission.state) && !archived;
  const [text, setText] = useState(submission.text);
  const [links, setLinks] = useState<WebLink[]>(submission.links);
  const [url, setUrl] = useState("");
  const [title, setTitle] = useState("");
  const [urlError, setUrlError] = useState<string | null>(null);
  // The version the text on screen comes from: a refetch (window focus) must not pair a newer ETag with
  // older text, or saving would silently overwrite work saved elsewhere.
  const [etag, setEtag] = useState(current.etag);
  const changed = text !== submission.text || JSON.stringify(links) !== JSON.stringify(submission.links);

  // The editor stays mounted (the focus stays where it was): each new version is copied into it.
  function stored(next: Versioned<Submission>) {
    setEtag(next.etag);
    setText(next.data.text);
    setLinks(next.data.links);
    client.setQueryData(submissionQuery(courseId, work.id, next.data.id).queryKey, next);
    void client.invalidateQueries({ queryKey: submissionsQuery(courseId, work.id).queryKey, exact: true });
    void client.invalidateQueries({ queryKey: ["course", courseId, "progress"] });
  }

  const save = useMutation({
    mutationFn: () => coursework.saveWork(courseId, work.id, submission.id, { text, links: links.map(toInput) }, etag),
    onSuccess: (next) => {
      announce("Your work is saved.");
      stored(next);
    },
  });
  const move = useMutation({
    mutationFn: async (action: "turn-in" | "reclaim") => {
      // Turning in sends what is on the screen: unsaved changes are saved first, and kept (with their
      // ETag) even if the turn-in then fails, so the next Save does not send a stale ETag.
      if (action === "turn-in" && changed) {
        stored(await coursework.saveWork(courseId, work.id, submission.id, { text, links: links.map(toInput) }, etag));
      }
      return coursework.transition(courseId, work.id, submission.id, action);
    },
    onSuccess: (next, action) => {
      announce(action === "turn-in" ? "Your work is turned in." : "Your work is unsubmitted: you can change it.");
      stored(next);
      // The button pressed is gone with the state it belonged to: the focus goes back to the top of the work.
      document.getElementById("your-work-heading")?.focus();
    },
  });
  const failure = save.error ?? move.error;
  const errors = mapFieldErrors(failure, ["text", "links"]);
  const stale = failure instanceof ApiError && failure.status === 412;

  async function reload() {
    const fresh = await client.fetchQuery({ ...submissionQuery(courseId, work.id, submission.id), staleTime: 0 });
    setEtag(fresh.etag);
    setText(fresh.data.text);
    setLinks(fresh.data.links);
    save.reset();
    move.reset();
  }

  function addLink(event: FormEvent) {
    event.preventDefault();
    const problem = checkWebUrl(url);
    setUrlError(problem);
    if (problem) {
      return;
    }
    setLinks([...links, { url: url.trim(), title: title.trim() || url.trim() }]);
    setUrl("");
    setTitle("");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const grade =
    submission.assignedGrade !== null && work.maxPoints !== null
      ? `${formatPoints(submission.assignedGrade)}/${formatPoints(work.maxPoints)}`
      : null;
  return (
    <>
      <p className="submission-state">
        <span
          className={`badge ${submission.late ? "badge-late" : submission.state === "RETURNED" || submission.state === "TURNED_IN" ? "badge-done" : ""}`}
        >
          {describeSubmission(submission, work.maxPoints)}
        </span>
        {submission.turnedInAt ? (
          <span className="muted"> Turned in {formatDateTime(submission.turnedInAt)}</span>
        ) : null}
      </p>
      {grade ? (
        <p className="grade-line">
          Your grade: <strong>{grade}</strong>
        </p>
      ) : null}

      {failure ? (
        stale ? (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">Your work changed elsewhere</p>
            <p>
              It was changed in another tab or device since this page loaded. Reload it, then make your change again.
            </p>
            <button type="button" onClick={() => void reload()}>
              Reload your work
            </button>
          </div>
        ) : (
          <ErrorNotice error={failure} others={errors.others} />
        )
      ) : null}
      {editable ? (
        <>
          <form onSubmit={submit} noValidate aria-label="Edit your work">
            <TextArea
              label="Your answer"
              name="text"
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
              error={errors.fields.text}
            />
            <LinkList
              links={links}
              onRemove={(i) => setLinks(links.filter((_, j) => j !== i))}
              error={errors.fields.links}
            />
            <div className="actions">
              <button type="submit" disabled={save.isPending || !changed}>
                Save
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => move.mutate("turn-in")}
                disabled={move.isPending}
              >
                {submission.state === "RECLAIMED_BY_STUDENT" ? "Turn in again" : "Turn in"}
              </button>
              {changed ? <span className="muted">Unsaved changes</span> : null}
            </div>
          </form>
          <form onSubmit={addLink} noValidate aria-label="Add a link" className="add-link">
            <TextField
              label="Link address"
              name="url"
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              error={urlError ?? undefined}
              hint="For example a shared document: https://…"
            />
            <TextField
              label="Link title (optional)"
              name="title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            <button type="submit">Add link</button>
          </form>
        </>
      ) : (
        <>
          {submission.text ? <p className="preserve-lines">{submission.text}</p> : <p className="muted">No text.</p>}
          <LinkList links={submission.links} />
          {!archived && (submission.state === "TURNED_IN" || submission.state === "RETURNED") ? (
            <button type="button" onClick={() => move.mutate("reclaim")} disabled={move.isPending}>
              Unsubmit
            </button>
          ) : null}
        </>
      )}
      <History submission={submission} maxPoints={work.maxPoints} />
    </>
  );
}

function toInput(link: WebLink) {
  return { url: link.url, title: link.title };
}

export function LinkList({
  links,
  onRemove,
  error,
}: {
  links: WebLink[];
  onRemove?: (index: number) => void;
  error?: string | undefined;
}) {
  return (
    <div>
      <h3>Links</h3>
      {error ? <p className="field-error">{error}</p> : null}
      {links.length === 0 ? (
        <p className="muted">No links.</p>
      ) : (
        <ul className="link-list">
          {links.map((link, i) => (
            <li key={`${link.url}-${i}`}>
              <OutboundLink url={link.url} title={link.title} />
              {onRemove ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onRemove(i)}
                  aria-label={`Remove link ${link.title || link.url}`}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
