import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { classwork, type Topic } from "../../api/classwork";
import { keepsIdempotencyKey, newIdempotencyKey } from "../../api/http";
import { mapFieldErrors } from "../../lib/forms";
import { ConfirmInline } from "../../ui/ConfirmInline";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";

/** A new topic (teachers). */
export function NewTopic({ courseId }: { courseId: string }) {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: () => classwork.createTopic(courseId, name, key),
    onSuccess: () => {
      setName("");
      setKey(newIdempotencyKey());
      void client.invalidateQueries({ queryKey: ["course", courseId, "topics"] });
    },
    onError: (error) => {
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
  });
  const errors = mapFieldErrors(create.error, ["name"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="inline-form">
      {create.isError ? <ErrorNotice key={create.submittedAt} error={create.error} others={errors.others} /> : null}
      <TextField
        label="New topic"
        name="name"
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name}
      />
      <button type="submit" disabled={create.isPending}>
        Add topic
      </button>
    </form>
  );
}

/** Rename and delete for one topic's heading (teachers). */
export function TopicActions({ courseId, topic }: { courseId: string; topic: Topic }) {
  const client = useQueryClient();
  const [mode, setMode] = useState<"idle" | "rename" | "delete">("idle");
  const [name, setName] = useState(topic.name);
  const invalidate = () => {
    void client.invalidateQueries({ queryKey: ["course", courseId, "topics"] });
    void client.invalidateQueries({ queryKey: ["course", courseId, "coursework"] });
  };
  const rename = useMutation({
    mutationFn: () => classwork.renameTopic(courseId, topic.id, name),
    onSuccess: () => {
      setMode("idle");
      invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: () => classwork.deleteTopic(courseId, topic.id),
    onSuccess: invalidate,
  });
  const errors = mapFieldErrors(rename.error, ["name"]);

  if (mode === "rename") {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate();
        }}
        noValidate
        aria-label={`Rename the topic ${topic.name}`}
        className="inline-form"
      >
        {rename.isError ? <ErrorNotice key={rename.submittedAt} error={rename.error} others={errors.others} /> : null}
        <TextField
          label="Topic name"
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={rename.isPending}>
            Rename
          </button>
          <button type="button" onClick={() => setMode("idle")}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <>
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {mode === "delete" ? (
        <ConfirmInline
          label={`Confirm deleting the topic ${topic.name}`}
          question={<>Delete the topic “{topic.name}”? Its work stays, without a topic.</>}
          confirm="Delete topic"
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
          onKeep={() => setMode("idle")}
        />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setMode("rename")}>
            Rename<span className="visually-hidden"> the topic {topic.name}</span>
          </button>
          <button type="button" className="danger" onClick={() => setMode("delete")}>
            Delete<span className="visually-hidden"> the topic {topic.name}</span>
          </button>
        </div>
      )}
    </>
  );
}
