import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { bank, bankQuery, removeFromPages, type BankQuestion } from "../../api/exams";
import { newIdempotencyKey } from "../../api/http";
import { useCourse, useCourseId } from "../../courses/CourseLayout";
import { mapFieldErrors } from "../../lib/forms";
import {
  fromQuestion,
  newDraft,
  QUESTION_MEMBERS,
  toQuestionInput,
  TYPE_LABELS,
  validateDraft,
} from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextField } from "../../ui/Field";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { QuestionEditor } from "../editor/QuestionEditor";

const MEMBERS = ["type", "tags", ...QUESTION_MEMBERS];

/** The course's question bank: questions by tag, which exam sections draw from. */
export default function QuestionBank() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const [tag, setTag] = useState("");
  const [filter, setFilter] = useState("");
  const list = useQuery({ ...bankQuery(courseId, filter), enabled: teacher });
  const [editing, setEditing] = useState<string | null>(null);
  const client = useQueryClient();
  // Gone from the list at once; back, with the error, if the service refuses.
  const remove = useMutation({
    mutationFn: (question: BankQuestion) => bank.remove(question.id),
    onMutate: (question) =>
      removeFromPages<BankQuestion>(client, ["course", courseId, "bank"], (q) => q.id === question.id),
    onError: (_error, _vars, rollback) => rollback?.(),
    onSettled: () => void client.invalidateQueries({ queryKey: ["course", courseId, "bank"] }),
  });
  function search(event: FormEvent) {
    event.preventDefault();
    setFilter(tag.trim());
  }
  return (
    <section>
      <p>
        <Link to={`/courses/${courseId}/exams`}>← All exams</Link>
      </p>
      <PageHeading title={`Question bank · ${course.name}`}>Question bank</PageHeading>
      {!teacher ? (
        <p className="notice notice-info">Only the course's teachers see its question bank.</p>
      ) : (
        <>
          <form onSubmit={search} role="search" aria-label="Questions by tag" className="inline-form">
            <TextField label="Tag" value={tag} onChange={(e) => setTag(e.target.value)} hint="Empty: every question." />
            <button type="submit">Show</button>
          </form>
          {remove.isError ? <ErrorNotice key={remove.submittedAt} error={remove.error} /> : null}
          {list.isPending ? (
            <Loading what="the questions" />
          ) : list.isError ? (
            <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <Empty>{filter ? `No question is tagged “${filter}”.` : "The bank has no question yet."}</Empty>
          ) : (
            <ul className="question-list" aria-label={filter ? `Questions tagged ${filter}` : "Questions"}>
              {list.data.items.map((question) => (
                <li key={question.id} className="card">
                  {editing === question.id ? (
                    <BankQuestionForm courseId={courseId} question={question} onDone={() => setEditing(null)} />
                  ) : (
                    <BankQuestionView
                      question={question}
                      onEdit={() => setEditing(question.id)}
                      onDelete={() => remove.mutate(question)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          <section aria-labelledby="new-question-heading" className="card">
            <h2 id="new-question-heading">New question</h2>
            <BankQuestionForm courseId={courseId} question={null} onDone={() => undefined} />
          </section>
        </>
      )}
    </section>
  );
}

function BankQuestionView({
  question,
  onEdit,
  onDelete,
}: {
  question: BankQuestion;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <h2 className="question-title">{question.prompt}</h2>
      <p className="muted">
        {TYPE_LABELS[question.type]} · {question.points} points
        {question.tags.length ? ` · tags: ${question.tags.join(", ")}` : ""}
      </p>
      <div className="actions">
        <button type="button" onClick={onEdit} aria-label={`Edit “${question.prompt.slice(0, 60)}”`}>
          Edit
        </button>
        <button
          type="button"
          className="danger"
          onClick={onDelete}
          aria-label={`Delete “${question.prompt.slice(0, 60)}”`}
        >
          Delete
        </button>
      </div>
    </>
  );
}

function BankQuestionForm({
  courseId,
  question,
  onDone,
}: {
  courseId: string;
  question: BankQuestion | null;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const [draft, setDraft] = useState(() => (question ? fromQuestion(question) : newDraft()));
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [key, setKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: () => {
      const input = toQuestionInput(draft, true);
      if (question) {
        const { id: _id, ...members } = input;
        return bank.update(question.id, members);
      }
      return bank.create(courseId, input, key);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["course", courseId, "bank"] });
      if (!question) {
        setDraft(newDraft(draft.type));
        setKey(newIdempotencyKey());
      }
      onDone();
    },
  });
  const served = mapFieldErrors(save.error, MEMBERS);
  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validateDraft(draft);
    setChecked(problems);
    if (Object.keys(problems).length === 0) {
      save.mutate();
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label={question ? "Edit the question" : "New question"}>
      <QuestionEditor
        draft={draft}
        onChange={setDraft}
        errors={{ ...served.fields, ...checked }}
        withTags
        typeLocked={question !== null}
      />
      {save.isError ? <ErrorNotice key={save.submittedAt} error={save.error} others={served.others} /> : null}
      {save.isSuccess && !question ? (
        <p className="notice notice-success" role="status">
          Question added to the bank.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {question ? "Save question" : "Add to the bank"}
        </button>
        {question ? (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
