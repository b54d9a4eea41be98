import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { newIdempotencyKey } from "../../api/http";
import { keepsIdempotencyKey } from "../../api/http";
import { stream } from "../../api/stream";
import { mapFieldErrors } from "../../lib/forms";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextArea } from "../../ui/Field";

/** A new announcement; any member may post one (API: POST …/announcements). */
export function PostForm({ courseId }: { courseId: string }) {
  const client = useQueryClient();
  const [text, setText] = useState("");
  // One key per announcement being posted: a retry after a lost answer cannot post it twice.
  const [key, setKey] = useState(newIdempotencyKey);
  const post = useMutation({
    mutationFn: () => stream.post(courseId, text, key),
    onSuccess: () => {
      setText("");
      setKey(newIdempotencyKey());
      void client.invalidateQueries({ queryKey: ["course", courseId, "announcements"] });
    },
    onError: (error) => {
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
  });
  const errors = mapFieldErrors(post.error, ["text"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    post.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="post-heading" className="card">
      <h2 id="post-heading" className="visually-hidden">
        New announcement
      </h2>
      {post.isSuccess ? (
        <p className="notice notice-success" role="status">
          Your announcement is posted.
        </p>
      ) : null}
      {post.isError ? <ErrorNotice key={post.submittedAt} error={post.error} others={errors.others} /> : null}
      <TextArea
        label="Announce something to your class"
        name="text"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={errors.fields.text}
      />
      <button type="submit" className="primary" disabled={post.isPending}>
        Post
      </button>
    </form>
  );
}
