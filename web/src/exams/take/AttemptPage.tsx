import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { attemptQuery, studentExamQuery, type TimedAttempt } from "../../api/attempts";
import { useCourseId } from "../../courses/CourseLayout";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { Loading, PageHeading } from "../../ui/Page";
import { storageKey } from "./answerQueue";
import { TakeAttempt } from "./TakeAttempt";

/** An attempt: taken while in progress, its result (or "submitted") after. */
export default function AttemptPage() {
  const courseId = useCourseId();
  const { examId = "", attemptId = "" } = useParams();
  const exam = useQuery(studentExamQuery(courseId, examId));
  const attempt = useQuery(attemptQuery(courseId, attemptId));
  if (attempt.isPending || exam.isPending) {
    return <Loading what="your attempt" />;
  }
  // Once loaded, a failed refresh (offline) keeps the attempt on screen.
  if (!attempt.data) {
    return <ErrorNotice error={attempt.error} onRetry={() => void attempt.refetch()} />;
  }
  const title = exam.data?.title ?? "Exam";
  if (attempt.data.state === "IN_PROGRESS") {
    return <TakeAttempt key={attempt.data.id} courseId={courseId} title={title} attempt={attempt.data} />;
  }
  return <AttemptResult courseId={courseId} title={title} attempt={attempt.data} />;
}

export function AttemptResult({
  courseId,
  title,
  attempt,
}: {
  courseId: string;
  title: string;
  attempt: TimedAttempt;
}) {
  const released = attempt.score !== null;
  // Answers this device still kept for it can no longer be sent.
  useEffect(() => {
    try {
      window.localStorage.removeItem(storageKey(attempt.id));
    } catch {
      // Storage refused: nothing was kept either.
    }
  }, [attempt.id]);
  return (
    <article className="attempt-result">
      <PageHeading title={`${title}: attempt ${attempt.number}`}>
        {title}: attempt {attempt.number}
      </PageHeading>
      <div className="notice notice-success">
        <p className="notice-title">Submitted</p>
        <p>
          Your answers were submitted {attempt.submittedAt ? `on ${formatDateTime(attempt.submittedAt)}` : ""}.
          {released
            ? ""
            : attempt.state === "SUBMITTED"
              ? " Your teacher still has to grade some answers; your result appears here once it is released."
              : " Your result appears here once your teacher releases it."}
        </p>
      </div>
      {released ? (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">
            Your result: {attempt.score} of {attempt.maxPoints} points
          </h2>
          {attempt.perQuestion ? (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">Points per question</caption>
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Points</th>
                    <th scope="col">Feedback</th>
                  </tr>
                </thead>
                <tbody>
                  {attempt.perQuestion.map((result) => {
                    const index = attempt.questions.findIndex((q) => q.id === result.questionId);
                    const question = attempt.questions[index];
                    return (
                      <tr key={result.questionId}>
                        <th scope="row">
                          {index + 1}. {question?.prompt ?? ""}
                        </th>
                        <td>
                          {result.needsTeacher ? "Waiting for your teacher" : `${result.points} of ${result.maxPoints}`}
                        </td>
                        <td>{result.feedback ?? ""}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      <p>
        <Link to={`/courses/${courseId}/exams/${attempt.examId}`}>Back to the exam</Link>
      </p>
    </article>
  );
}
