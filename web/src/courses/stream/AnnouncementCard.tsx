import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/http";
import { announcementQuery, stream, type Announcement } from "../../api/stream";
import { useUser } from "../../auth/RequireAuth";
import { mapFieldErrors } from "../../lib/forms";
import { ConfirmInline } from "../../ui/ConfirmInline";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextArea } from "../../ui/Field";
import { formatDateTime } from "../../ui/format";
import { Loading } from "../../ui/Page";
import { Comments } from "./Comments";
import { wasEdited, withAnnouncement, withoutAnnouncement } from "./model";
import { useReturnFocusOnClose } from "../../ui/focus";

interface Props {
  announcement: Announcement;
  /** The name shown for a user id. */
  nameOf: (userId: string) => string;
  teacher: boolean;
  writable: boolean;
  /** The heading level of the announcement's own heading (2 in the stream, 2 on its page under the page's h1). */
  level: 2 | 3;
  /** Comments shown at once (its own page), or behind a button (the stream). */
  commentsOpen: boolean;
  onDeleted?: () => void;
}

/** One announcement: who posted it and when, its text, edit and delete for its author and teachers, its comments. */
export function AnnouncementCard(props: Props) {
  const { announcement, nameOf, teacher, writable, level } = props;
  const user = useUser();
  const client = useQueryClient();
  const courseId = announcement.courseId;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [showComments, setShowComments] = useState(props.commentsOpen);
  const listKey = ["course", courseId, "announcements"];
  // The version the person confirms deleting, read as the confirmation opens: a change made after it
  // (someone's edit) makes the delete a 412 instead of deleting what the person has not seen.
  const version = useMutation({
    mutationFn: () => client.fetchQuery({ ...announcementQuery(courseId, announcement.id), staleTime: 0 }),
  });
  const remove = useMutation({
    mutationFn: () => stream.remove(courseId, announcement.id, version.data?.etag ?? null),
    // Taken out of the list once deleted, not before: taken out at once, the card (and with it the
    // explanation of a refusal, such as a 412) was gone when the refusal came.
    onSuccess: async () => {
      await client.cancelQueries({ queryKey: listKey });
      client.setQueryData(listKey, (old: Parameters<typeof withoutAnnouncement>[0]) =>
        withoutAnnouncement(old, announcement.id),
      );
      props.onDeleted?.();
    },
    onSettled: () => client.invalidateQueries({ queryKey: listKey }),
  });
  const author = nameOf(announcement.authorId);
  const mayChange = writable && (announcement.authorId === user.id || teacher);
  const Heading = level === 2 ? "h2" : "h3";
  const headingId = `announcement-${announcement.id}`;

  return (
    <article className="card announcement" aria-labelledby={headingId}>
      <header className="announcement-head">
        <Heading id={headingId} className="announcement-author">
          {author}
        </Heading>
        <p className="muted">
          <Link to={`/courses/${courseId}/announcements/${announcement.id}`}>
            <time dateTime={announcement.createdAt}>{formatDateTime(announcement.createdAt)}</time>
            <span className="visually-hidden">, announcement by {author}</span>
          </Link>
          {wasEdited(announcement) ? <span> (edited)</span> : null}
        </p>
      </header>
      {editing ? (
        <EditAnnouncement announcement={announcement} onDone={() => setEditing(false)} />
      ) : (
        <p className="post-text">{announcement.text}</p>
      )}
      {version.isError ? <ErrorNotice error={version.error} onRetry={() => version.mutate()} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {mayChange && !editing ? (
        confirming ? (
          <ConfirmInline
            label={`Confirm deleting the announcement by ${author}`}
            question="Delete this announcement and its comments?"
            confirm="Delete announcement"
            busy={remove.isPending || !version.isSuccess}
            onConfirm={() => remove.mutate()}
            onKeep={() => setConfirming(false)}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> the announcement by {author}</span>
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                remove.reset();
                version.mutate();
                setConfirming(true);
              }}
            >
              Delete<span className="visually-hidden"> the announcement by {author}</span>
            </button>
          </div>
        )
      ) : null}
      {showComments ? (
        <Comments
          courseId={courseId}
          postId={announcement.id}
          nameOf={nameOf}
          teacher={teacher}
          writable={writable}
          level={level === 2 ? 3 : 2}
        />
      ) : (
        <button type="button" className="link-button" aria-expanded={false} onClick={() => setShowComments(true)}>
          Class comments<span className="visually-hidden"> on the announcement by {author}</span>
        </button>
      )}
    </article>
  );
}

/**
 * The edit reads the announcement afresh: its text is what the service has
 * now, and that version (pinned when the edit began, whatever refetches
 * later) goes back with the change. Someone else's edit in between is a 412:
 * the person is shown the text as it now is and decides whether to replace it.
 */
function EditAnnouncement({ announcement, onDone }: { announcement: Announcement; onDone: () => void }) {
  useReturnFocusOnClose();
  const client = useQueryClient();
  const courseId = announcement.courseId;
  const current = useQuery({ ...announcementQuery(courseId, announcement.id), staleTime: 0 });
  const [text, setText] = useState<string | null>(null);
  const [base, setBase] = useState<string | null | undefined>(undefined);
  const [theirs, setTheirs] = useState<string | null>(null);
  useEffect(() => {
    // Not from the cache (it may hold a version older than the service's): from the read this edit made.
    if (current.data && current.isFetchedAfterMount && text === null) {
      setText(current.data.announcement.text);
      setBase(current.data.etag);
    }
  }, [current.data, text]);
  const save = useMutation({
    mutationFn: () => stream.edit(courseId, announcement.id, text ?? "", base ?? null),
    onSuccess: (changed) => {
      client.setQueryData(["course", courseId, "announcements"], (old: Parameters<typeof withAnnouncement>[0]) =>
        withAnnouncement(old, changed),
      );
      void client.invalidateQueries({ queryKey: ["course", courseId, "announcement", announcement.id] });
      void client.invalidateQueries({ queryKey: ["course", courseId, "announcements"] });
      onDone();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412) {
        const latest = await current.refetch();
        if (latest.data) {
          setTheirs(latest.data.announcement.text);
          setBase(latest.data.etag);
        }
      }
    },
  });
  const errors = mapFieldErrors(save.error, ["text"]);
  if (current.isPending || text === null) {
    return current.isError ? (
      <ErrorNotice error={current.error} onRetry={() => void current.refetch()} />
    ) : (
      <Loading what="the announcement" />
    );
  }
  const stale = save.error instanceof ApiError && save.error.status === 412 && theirs !== null;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Edit the announcement">
      {stale ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Changed by someone else</p>
          <p>While you were editing, the announcement was changed. It now reads:</p>
          <blockquote className="post-text">{theirs}</blockquote>
          <p>Save again to replace it with your text below, or cancel to keep theirs.</p>
        </div>
      ) : save.isError ? (
        <ErrorNotice key={save.submittedAt} error={save.error} others={errors.others} />
      ) : null}
      <TextArea
        label="Announcement"
        name="text"
        rows={4}
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.fields.text}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
