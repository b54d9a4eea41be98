import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, NavLink, Outlet, useNavigate, useOutletContext, useParams } from "react-router";
import { examQuery, exams, invalidateExam, type Exam } from "../../api/exams";
import { ApiError } from "../../api/http";
import { useCourse, useCourseId } from "../../courses/CourseLayout";
import { ConfirmInline } from "../../ui/ConfirmInline";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { Loading, PageHeading } from "../../ui/Page";
import { examWindow } from "../ExamList";

export interface ExamContext {
  courseId: string;
  exam: Exam;
  /** The version the exam was read at, for If-Match. */
  etag: string | null;
  /**
   * Counts this page's own saves of the exam: the editor starts anew from the stored
   * exam after each, and only then, so a refetch never throws away unsaved edits (a
   * change made elsewhere is a 412 at saving).
   */
  revision: number;
  changed: () => void;
}

/** The exam the teacher's exam screens show (ExamLayout's outlet). */
export function useExam(): ExamContext {
  return useOutletContext<ExamContext>();
}

const STATE_LABELS: Record<Exam["state"], string> = { DRAFT: "Draft", PUBLISHED: "Published", CLOSED: "Closed" };

/** A teacher's exam: its title, state and actions, and its screens as tabs. */
export default function ExamLayout() {
  const courseId = useCourseId();
  const { teacher } = useCourse();
  const { examId = "" } = useParams();
  const exam = useQuery({ ...examQuery(courseId, examId), enabled: teacher });
  const [revision, setRevision] = useState(0);
  if (!teacher) {
    return (
      <p className="notice notice-info">
        This page is for the course's teachers. <Link to={`/courses/${courseId}/exams`}>Back to the exams</Link>
      </p>
    );
  }
  if (exam.isPending) {
    return <Loading what="the exam" />;
  }
  if (exam.isError) {
    return <ErrorNotice error={exam.error} onRetry={() => void exam.refetch()} />;
  }
  const context: ExamContext = {
    courseId,
    exam: exam.data.data,
    etag: exam.data.etag,
    revision,
    changed: () => setRevision((r) => r + 1),
  };
  const base = `/courses/${courseId}/exams/${examId}`;
  const current = exam.data.data;
  return (
    <article className="exam-page">
      <p>
        <Link to={`/courses/${courseId}/exams`}>← All exams</Link>
      </p>
      <PageHeading title={current.title}>{current.title}</PageHeading>
      <p>
        <span className={`badge badge-${current.state.toLowerCase()}`}>{STATE_LABELS[current.state]}</span>{" "}
        <span className="muted">
          {current.questionCount} questions · {current.maxPoints} points · {examWindow(current)}
        </span>
      </p>
      <ExamActions context={context} />
      <nav aria-label="Exam" className="tabs">
        <ul>
          <li>
            <NavLink to={base} end>
              Questions and settings
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/results`}>Results</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/regrade`}>Regrade</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/overrides`}>Student overrides</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </article>
  );
}

function ExamActions({ context }: { context: ExamContext }) {
  const { courseId, exam, etag } = context;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const onChanged = () => invalidateExam(client, courseId, exam.id);
  // Remembers the revision it was tried at: a refusal is stale once the exam was saved again.
  const publish = useMutation({ mutationFn: (_revision: number) => exams.publish(exam.id), onSuccess: onChanged });
  const close = useMutation({ mutationFn: () => exams.close(exam.id), onSuccess: onChanged });
  const release = useMutation({ mutationFn: () => exams.release(exam.id), onSuccess: onChanged });
  const remove = useMutation({
    mutationFn: () => exams.remove(exam.id, etag),
    onSuccess: () => {
      client.removeQueries({ queryKey: ["course", courseId, "exam", exam.id] });
      void client.invalidateQueries({ queryKey: ["course", courseId, "exams"] });
      void navigate(`/courses/${courseId}/exams`);
    },
  });
  return (
    <section aria-label="Exam actions" className="exam-actions">
      <div className="actions">
        {exam.state === "DRAFT" ? (
          <button
            type="button"
            className="primary"
            onClick={() => publish.mutate(context.revision)}
            disabled={publish.isPending}
          >
            Publish
          </button>
        ) : null}
        {exam.state === "PUBLISHED" ? (
          <button type="button" onClick={() => close.mutate()} disabled={close.isPending}>
            Close now
          </button>
        ) : null}
        {exam.resultRelease === "MANUAL" && exam.state !== "DRAFT" ? (
          <button type="button" onClick={() => release.mutate()} disabled={release.isPending}>
            Release results
          </button>
        ) : null}
        {confirmDelete ? null : (
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            Delete exam
          </button>
        )}
      </div>
      {confirmDelete ? (
        <ConfirmInline
          label={`Confirm deleting ${exam.title}`}
          question={<>Delete “{exam.title}”? This cannot be undone; it is refused once a student has an attempt.</>}
          confirm="Delete for good"
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
          onKeep={() => setConfirmDelete(false)}
        />
      ) : null}
      {publish.isError && publish.variables === context.revision ? (
        <PublishError key={publish.submittedAt} error={publish.error} />
      ) : null}
      {publish.isSuccess ? (
        <p className="notice notice-success" role="status">
          Published {formatDateTime(publish.data.publishedAt)}: students of the course see it now.
        </p>
      ) : null}
      {close.isError ? <ErrorNotice key={close.submittedAt} error={close.error} /> : null}
      {close.isSuccess ? (
        <p className="notice notice-success" role="status">
          Closed: attempts in progress were submitted.
        </p>
      ) : null}
      {release.isError ? <ErrorNotice key={release.submittedAt} error={release.error} /> : null}
      {release.isSuccess ? (
        <p className="notice notice-success" role="status">
          Results released to {release.data.studentsReleased} student{release.data.studentsReleased === 1 ? "" : "s"}.
        </p>
      ) : null}
      {remove.isError ? (
        remove.error instanceof ApiError && remove.error.status === 409 ? (
          <p className="notice notice-error" role="alert">
            This exam cannot be deleted: students have attempts at it. Close it instead.
          </p>
        ) : (
          <ErrorNotice key={remove.submittedAt} error={remove.error} />
        )
      ) : null}
    </section>
  );
}

const FIELD_NAMES: Record<string, string> = { sections: "Questions", closesAt: "Close time" };

/** Why publishing was refused: the service names each problem (422), shown as a list. */
function PublishError({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.status !== 422) {
    return <ErrorNotice error={error} />;
  }
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">This exam cannot be published yet</p>
      <ul>
        {error.fieldErrors.map((item) => (
          <li key={`${item.field}:${item.message}`}>
            {FIELD_NAMES[item.field] ??
              item.field.replace(/^sections\[(\d+)\].*/, (_, i) => `Section ${Number(i) + 1}`)}
            : {item.message}
          </li>
        ))}
      </ul>
      <p>Correct it below, save, and publish again.</p>
    </div>
  );
}
