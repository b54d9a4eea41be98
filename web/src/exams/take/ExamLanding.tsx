import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { attemptQuery, attempts, myAttemptsQuery, studentExamQuery } from "../../api/attempts";
import type { AttemptSummary, StudentExam } from "../../api/exams";
import { newIdempotencyKey } from "../../api/http";
import { isTransient } from "../../app/queryClient";
import { useCourse, useCourseId } from "../../courses/CourseLayout";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { startRefusal } from "./startRefusal";

/** A student's page of one exam: its times and rules, their attempts, and the way in. */
export default function ExamLanding() {
  const courseId = useCourseId();
  const { examId = "" } = useParams();
  const { teacher } = useCourse();
  const exam = useQuery(studentExamQuery(courseId, examId));
  const mine = useQuery({ ...myAttemptsQuery(courseId, examId), enabled: !teacher });
  if (exam.isPending) {
    return <Loading what="the exam" />;
  }
  if (exam.isError) {
    return <ErrorNotice error={exam.error} onRetry={() => void exam.refetch()} />;
  }
  return (
    <article className="exam-landing">
      <PageHeading title={exam.data.title}>{exam.data.title}</PageHeading>
      {exam.data.description ? <p className="exam-description">{exam.data.description}</p> : null}
      <ExamFacts exam={exam.data} used={mine.data?.items.length ?? null} />
      {teacher ? (
        <p className="notice notice-info">You teach this course: students start and take the exam from this page.</p>
      ) : mine.isPending ? (
        <Loading what="your attempts" />
      ) : mine.isError ? (
        <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <>
          <StartAttempt exam={exam.data} items={mine.data.items} />
          <PastAttempts exam={exam.data} items={mine.data.items} />
        </>
      )}
    </article>
  );
}

function windowText(exam: StudentExam): string {
  if (exam.opensAt && exam.closesAt) {
    return `${formatDateTime(exam.opensAt)} to ${formatDateTime(exam.closesAt)}`;
  }
  if (exam.opensAt) {
    return `From ${formatDateTime(exam.opensAt)}, until your teacher closes it`;
  }
  if (exam.closesAt) {
    return `Until ${formatDateTime(exam.closesAt)}`;
  }
  return "Open until your teacher closes it";
}

const RELEASE: Record<StudentExam["resultRelease"], string> = {
  IMMEDIATE: "As soon as your answers are graded",
  AFTER_CLOSE: "When the exam closes",
  MANUAL: "When your teacher releases them",
};

function ExamFacts({ exam, used }: { exam: StudentExam; used: number | null }) {
  return (
    <dl className="facts">
      <dt>When</dt>
      <dd>
        {exam.state === "CLOSED"
          ? `Closed${exam.closesAt ? ` (${formatDateTime(exam.closesAt)})` : ""}`
          : windowText(exam)}
      </dd>
      <dt>Time limit</dt>
      <dd>
        {exam.timeLimitMinutes === null
          ? "None"
          : `${exam.timeLimitMinutes} minute${exam.timeLimitMinutes === 1 ? "" : "s"} from when you start`}
      </dd>
      <dt>Questions</dt>
      <dd>
        {exam.questionCount}, {exam.maxPoints} point{exam.maxPoints === 1 ? "" : "s"} in all
      </dd>
      <dt>Attempts</dt>
      <dd>
        {used === null
          ? `${exam.maxAttempts} allowed`
          : `${used} of ${exam.maxAttempts} used, ${Math.max(0, exam.maxAttempts - used)} left`}
      </dd>
      <dt>Results</dt>
      <dd>{RELEASE[exam.resultRelease]}</dd>
    </dl>
  );
}

function StartAttempt({ exam, items }: { exam: StudentExam; items: AttemptSummary[] }) {
  const courseId = useCourseId();
  const client = useQueryClient();
  const navigate = useNavigate();
  // One key per press of the button, kept across its retries: a start that
  // arrived but whose answer was lost never spends a second attempt.
  const key = useRef<string | null>(null);
  const inProgress = items.find((a) => a.state === "IN_PROGRESS");
  const start = useMutation({
    mutationFn: () => attempts.start(exam.id, (key.current ??= newIdempotencyKey())),
    onSuccess: (attempt) => {
      key.current = null;
      client.setQueryData(attemptQuery(courseId, attempt.id).queryKey, attempt);
      void client.invalidateQueries({ queryKey: myAttemptsQuery(courseId, exam.id).queryKey });
      void navigate(`/courses/${courseId}/exams/${exam.id}/attempts/${attempt.id}`);
    },
    onError: (error) => {
      // A refusal is an answer: the next press is a new action with its own key.
      if (!isTransient(error)) {
        key.current = null;
      }
    },
  });
  const refusal = startRefusal(start.error, formatDateTime);
  const left = exam.maxAttempts - items.length;
  const opensLater = exam.opensAt !== null && Date.parse(exam.opensAt) > Date.now();
  return (
    <section aria-labelledby="start-heading" className="card">
      <h2 id="start-heading">{inProgress ? "Your attempt in progress" : "Take the exam"}</h2>
      {inProgress ? (
        <p>
          Attempt {inProgress.number} is in progress
          {inProgress.deadline ? `; it ends at ${formatDateTime(inProgress.deadline)}` : ""}. Your saved answers are
          kept.
        </p>
      ) : exam.state === "CLOSED" ? (
        <p>This exam is closed.</p>
      ) : left <= 0 ? (
        <p>You have used all your attempts.</p>
      ) : (
        <p>
          {opensLater ? `It opens on ${formatDateTime(exam.opensAt)}. ` : ""}
          {exam.timeLimitMinutes !== null
            ? `Once you start, you have ${exam.timeLimitMinutes} minutes; the clock does not stop if you leave the page. `
            : ""}
          Every answer is saved as you give it, and your attempt is submitted by itself when the time is up.
        </p>
      )}
      {refusal ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{refusal.title}</p>
          <p>{refusal.detail}</p>
        </div>
      ) : start.isError ? (
        <ErrorNotice error={start.error} onRetry={() => start.mutate()} />
      ) : null}
      {inProgress || (exam.state !== "CLOSED" && left > 0) ? (
        <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? "Opening…" : inProgress ? `Continue attempt ${inProgress.number}` : "Start the exam"}
        </button>
      ) : null}
    </section>
  );
}

function stateText(attempt: AttemptSummary): string {
  switch (attempt.state) {
    case "IN_PROGRESS":
      return "In progress";
    case "SUBMITTED":
      return "Submitted, waiting for grading";
    case "GRADED":
      return "Submitted and graded";
  }
}

function PastAttempts({ exam, items }: { exam: StudentExam; items: AttemptSummary[] }) {
  const courseId = useCourseId();
  return (
    <section aria-labelledby="attempts-heading">
      <h2 id="attempts-heading">Your attempts</h2>
      {items.length === 0 ? (
        <Empty>You have not started this exam yet.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Your attempts at {exam.title}</caption>
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">Started</th>
                <th scope="col">Submitted</th>
                <th scope="col">State</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {items.map((attempt) => (
                <tr key={attempt.id}>
                  <th scope="row">
                    <Link to={`/courses/${courseId}/exams/${exam.id}/attempts/${attempt.id}`}>
                      Attempt {attempt.number}
                    </Link>
                  </th>
                  <td>{formatDateTime(attempt.startedAt)}</td>
                  <td>{attempt.submittedAt ? formatDateTime(attempt.submittedAt) : "Not yet"}</td>
                  <td>{stateText(attempt)}</td>
                  <td>
                    {attempt.score !== null
                      ? `${attempt.score} of ${attempt.maxPoints}`
                      : attempt.state === "IN_PROGRESS"
                        ? "Not submitted yet"
                        : "Not released yet"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
