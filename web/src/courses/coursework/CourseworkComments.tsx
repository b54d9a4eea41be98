import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { commentsQuery, coursework, type Comment } from "../../api/coursework";
import { useMemberNames } from "../../api/members";
import { keepsIdempotencyKey, newIdempotencyKey } from "../../api/http";
import type { Page } from "../../api/types";
import { useUser } from "../../auth/RequireAuth";
import { mapFieldErrors } from "../../lib/forms";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextArea } from "../../ui/Field";
import { formatDateTime } from "../../ui/format";
import { Empty, Loading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";

/** The class comments on a piece of coursework: everyone in the course reads and adds them. */
export function CourseworkComments({ cwId }: { cwId: string }) {
  const courseId = useCourseId();
  const archived = useCourse().course.state === "ARCHIVED";
  const client = useQueryClient();
  const comments = useQuery(commentsQuery(courseId, cwId));
  const { nameOf } = useMemberNames(courseId);
  const [text, setText] = useState("");
  // One key per comment being written: a retry after a lost answer posts it once.
  const [key, setKey] = useState(newIdempotencyKey);
  const user = useUser();
  const listKey = commentsQuery(courseId, cwId).queryKey;
  // Shown at once, marked as being posted; taken back (and the text given back) if it fails.
  const post = useMutation({
    mutationFn: (body: string) => coursework.comment(courseId, cwId, body, key),
    onMutate: async (body) => {
      await client.cancelQueries({ queryKey: listKey });
      const before = client.getQueryData<Page<Comment>>(listKey);
      const pending: Comment = {
        id: `pending-${key}`,
        authorId: user.id,
        text: body,
        createdAt: new Date().toISOString(),
      };
      client.setQueryData<Page<Comment>>(listKey, (old) => ({
        items: [pending, ...(old?.items ?? [])],
        nextCursor: old?.nextCursor ?? null,
      }));
      setText("");
      return { before };
    },
    onError: (error, body, context) => {
      client.setQueryData(listKey, context?.before);
      setText(body);
      // A refused comment (422) is changed and sent again as a new action: the old key would be "reused".
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
    onSuccess: () => setKey(newIdempotencyKey()),
    onSettled: () => client.invalidateQueries({ queryKey: listKey }),
  });
  const errors = mapFieldErrors(post.error, ["text"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    post.mutate(text);
  }

  return (
    <section aria-labelledby="comments-heading" className="card">
      <h2 id="comments-heading">Class comments</h2>
      {comments.isPending ? (
        <Loading what="the comments" />
      ) : comments.isError ? (
        <ErrorNotice error={comments.error} onRetry={() => void comments.refetch()} />
      ) : comments.data.items.length === 0 ? (
        <Empty>No comments yet.</Empty>
      ) : (
        <ul className="comments">
          {[...comments.data.items].reverse().map((comment) => (
            <li key={comment.id}>
              <p>
                <strong>{nameOf(comment.authorId)}</strong>{" "}
                <span className="muted">
                  {comment.id.startsWith("pending-") ? "Posting…" : formatDateTime(comment.createdAt)}
                </span>
              </p>
              <p className="preserve-lines">{comment.text}</p>
            </li>
          ))}
        </ul>
      )}
      {archived ? null : (
        <form onSubmit={submit} noValidate aria-label="New class comment">
          {post.isError ? <ErrorNotice key={post.submittedAt} error={post.error} others={errors.others} /> : null}
          <TextArea
            label="Add a class comment"
            name="text"
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={errors.fields.text}
          />
          <button type="submit" disabled={post.isPending || text.trim() === ""}>
            Post comment
          </button>
        </form>
      )}
    </section>
  );
}
