import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { commentsQuery, coursework, membersQuery } from "../../api/coursework";
import { newIdempotencyKey } from "../../api/http";
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
  const members = useQuery(membersQuery(courseId));
  const [text, setText] = useState("");
  // One key per comment being written: a retry after a lost answer posts it once.
  const [key, setKey] = useState(newIdempotencyKey);
  const post = useMutation({
    mutationFn: () => coursework.comment(courseId, cwId, text, key),
    onSuccess: () => {
      setText("");
      setKey(newIdempotencyKey());
      void client.invalidateQueries({ queryKey: commentsQuery(courseId, cwId).queryKey });
    },
  });
  const errors = mapFieldErrors(post.error, ["text"]);
  const nameOf = (id: string) => members.data?.find((m) => m.userId === id)?.displayName || "A member";

  function submit(event: FormEvent) {
    event.preventDefault();
    post.mutate();
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
                <span className="muted">{formatDateTime(comment.createdAt)}</span>
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
