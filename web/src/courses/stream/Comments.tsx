import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, useRef } from "react";
import { keepsIdempotencyKey, newIdempotencyKey } from "../../api/http";
import { commentsQuery, stream, type Comment } from "../../api/stream";
import { useUser } from "../../auth/RequireAuth";
import { mapFieldErrors } from "../../lib/forms";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";
import { formatDateTime } from "../../ui/format";
import { Loading } from "../../ui/Page";
import { focusAfterRemoval } from "../../ui/focus";

interface Props {
  courseId: string;
  postId: string;
  /** The name shown for a user id. */
  nameOf: (userId: string) => string;
  teacher: boolean;
  writable: boolean;
  /** The heading level in the page around it. */
  level: 2 | 3;
}

/** An announcement's class comments: read, add, delete one's own (teachers: any). */
export function Comments({ courseId, postId, nameOf, teacher, writable, level }: Props) {
  const user = useUser();
  const client = useQueryClient();
  const comments = useQuery(commentsQuery(courseId, postId));
  const key = commentsQuery(courseId, postId).queryKey;
  const remove = useMutation({
    mutationFn: (comment: Comment) => stream.removeComment(courseId, postId, comment.id),
    // Gone at once; put back if the service refuses.
    onMutate: async (comment) => {
      focusAfterRemoval(heading);
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Comment[]>(key);
      client.setQueryData<Comment[]>(key, (old) => old?.filter((c) => c.id !== comment.id));
      return { before };
    },
    onError: (_error, _comment, context) => client.setQueryData(key, context?.before),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const Heading = level === 2 ? "h2" : "h3";
  const headingId = `comments-${postId}`;
  const heading = useRef<HTMLHeadingElement>(null);

  return (
    <section aria-labelledby={headingId} className="comments">
      <Heading id={headingId} className="comments-heading" ref={heading} tabIndex={-1}>
        Class comments{comments.data ? ` (${comments.data.length})` : ""}
      </Heading>
      {comments.isPending ? (
        <Loading what="comments" />
      ) : comments.isError ? (
        <ErrorNotice error={comments.error} onRetry={() => void comments.refetch()} />
      ) : comments.data.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ul className="comment-list">
          {comments.data.map((comment) => (
            <li key={comment.id}>
              <p className="comment-meta">
                <strong>{nameOf(comment.authorId)}</strong>{" "}
                <time className="muted" dateTime={comment.createdAt}>
                  {formatDateTime(comment.createdAt)}
                </time>
              </p>
              <p className="post-text">{comment.text}</p>
              {writable && (comment.authorId === user.id || teacher) ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => remove.mutate(comment)}
                  aria-label={`Delete the comment by ${nameOf(comment.authorId)} from ${formatDateTime(comment.createdAt)}`}
                >
                  Delete
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {writable ? <AddComment courseId={courseId} postId={postId} /> : null}
    </section>
  );
}

function AddComment({ courseId, postId }: { courseId: string; postId: string }) {
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const add = useMutation({
    mutationFn: () => stream.comment(courseId, postId, text, key),
    onSuccess: (comment) => {
      setText("");
      setKey(newIdempotencyKey());
      const queryKey = commentsQuery(courseId, postId).queryKey;
      client.setQueryData<Comment[]>(queryKey, (old) => (old ? [...old, comment] : old));
      void client.invalidateQueries({ queryKey });
    },
    onError: (error) => {
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
  });
  const errors = mapFieldErrors(add.error, ["text"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="comment-form">
      {add.isError ? <ErrorNotice key={add.submittedAt} error={add.error} others={errors.others} /> : null}
      <TextField
        label="Add a class comment"
        name="text"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.fields.text}
      />
      <button type="submit" disabled={add.isPending}>
        Comment
      </button>
    </form>
  );
}
