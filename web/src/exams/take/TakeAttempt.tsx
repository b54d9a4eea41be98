import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { attemptQuery, attempts, type TimedAttempt } from "../../api/attempts";
import type { AnswerValue } from "../../api/exams";
import { ApiError } from "../../api/http";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { ModalDialog } from "../../ui/ModalDialog";
import { PageHeading } from "../../ui/Page";
import type { AnswerQueue } from "./answerQueue";
import { formatClock } from "./countdown";
import { QuestionField } from "./QuestionField";
import { useAnswerQueue, useAttemptFreshness, useCountdown } from "./useAttempt";

/** Answers not sent when a person asked to submit (offline). */
class UnsentAnswers extends Error {
  constructor(readonly count: number) {
    super(`${count} answer${count === 1 ? " is" : "s are"} not saved yet`);
  }
}

/** Waits for the queue to empty, at most `ms`: a submit at the deadline cannot wait for ever. */
async function flushWithin(queue: AnswerQueue, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([queue.flush(), late]);
  } finally {
    clearTimeout(timer);
  }
}

function initialValues(attempt: TimedAttempt, queue: AnswerQueue): Record<string, AnswerValue> {
  const values: Record<string, AnswerValue> = {};
  for (const [id, saved] of Object.entries(attempt.answers)) {
    values[id] = saved.answer;
  }
  for (const [id, answer] of queue.waiting()) {
    values[id] = answer;
  }
  return values;
}

export function TakeAttempt({ courseId, title, attempt }: { courseId: string; title: string; attempt: TimedAttempt }) {
  const client = useQueryClient();
  const key = attemptQuery(courseId, attempt.id).queryKey;
  // A question whose field is drawn anew (its answer replaced by the service's).
  const [revisions, setRevisions] = useState<Record<string, number>>({});
  const [closedBy, setClosedBy] = useState<ApiError | null>(null);
  const queue = useAnswerQueue(attempt, {
    onSuperseded: (questionId) => {
      void client
        .fetchQuery({ ...attemptQuery(courseId, attempt.id), staleTime: 0 })
        .then((fresh) => {
          const saved = fresh.answers[questionId];
          if (saved) {
            setValues((v) => ({ ...v, [questionId]: saved.answer }));
            setRevisions((r) => ({ ...r, [questionId]: (r[questionId] ?? 0) + 1 }));
          }
        })
        .catch(() => undefined);
    },
    onClosed: (error) => {
      setClosedBy(error);
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const [values, setValues] = useState(() => initialValues(attempt, queue));
  useAttemptFreshness(courseId, attempt);
  const clock = useCountdown(attempt);
  const overall = queue.overall();
  const saveAnnouncement = useSaveAnnouncement(overall.state);

  const submit = useMutation({
    // Offline, the person is told at once (and the deadline's submit retries
    // when back) rather than the submit waiting silently.
    networkMode: "always",
    mutationFn: async (auto: boolean) => {
      const flushed = await flushWithin(queue, 10_000);
      if (!flushed && !auto) {
        throw new UnsentAnswers(queue.overall().waiting);
      }
      return attempts.submit(attempt.id);
    },
    onSuccess: (done) => {
      queue.close();
      client.setQueryData(key, done);
      void client.invalidateQueries({ queryKey: ["course", courseId, "exams", attempt.examId] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        // Submitted already (at the deadline by the service, or the exam was closed).
        queue.close();
        void client.invalidateQueries({ queryKey: key });
      }
    },
  });

  // At the deadline the page submits by itself, after sending what it can;
  // offline, it tries again once the browser is back.
  const timeUp = clock.remaining !== null && clock.remaining <= 0;
  const autoTried = useRef(false);
  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => {
    if (!timeUp) {
      autoTried.current = false;
      return;
    }
    if (!autoTried.current) {
      autoTried.current = true;
      submitRef.current.mutate(true);
    }
    const again = () => submitRef.current.isError && submitRef.current.mutate(true);
    window.addEventListener("online", again);
    return () => window.removeEventListener("online", again);
  }, [timeUp]);

  const [confirming, setConfirming] = useState(false);
  const unanswered = attempt.questions.filter((q) => values[q.id] === undefined).length;

  function answer(questionId: string, value: AnswerValue, typing = false) {
    setValues((v) => ({ ...v, [questionId]: value }));
    queue.set(questionId, value, typing);
  }

  function confirmSubmit() {
    setConfirming(false);
    submit.mutate(false);
  }

  const heading = `${title}: attempt ${attempt.number}`;
  return (
    <article className="take">
      <PageHeading title={heading}>{heading}</PageHeading>
      <div className="attempt-bar" role="region" aria-label="Time and saving">
        {attempt.deadline ? (
          <>
            <p className="attempt-timer">
              Time left{" "}
              <span role="timer" className="attempt-clock">
                {formatClock(clock.remaining ?? 0)}
              </span>
            </p>
            <p className="attempt-deadline">Ends at {formatDateTime(attempt.deadline)}</p>
          </>
        ) : (
          <p className="attempt-timer">No time limit</p>
        )}
        <p className={`save-summary save-${overall.state ?? "none"}`}>
          <span aria-hidden="true" className="save-mark" />
          {summaryText(overall)}
        </p>
        <button
          type="button"
          className="primary"
          onClick={() => setConfirming(true)}
          disabled={submit.isPending || timeUp}
        >
          {submit.isPending ? "Submitting…" : "Submit answers"}
        </button>
      </div>
      <p role="status" className="visually-hidden">
        {clock.announcement}
      </p>
      <p role="status" className="visually-hidden">
        {saveAnnouncement}
      </p>
      {clock.extended && attempt.deadline ? (
        <p className="notice notice-info">
          Your time was extended: this attempt now ends at {formatDateTime(attempt.deadline)}.
        </p>
      ) : null}
      {overall.state === "queued" ? (
        <div className="notice take-offline">
          <p className="notice-title">You are offline</p>
          <p>
            {overall.waiting} answer{overall.waiting === 1 ? " is" : "s are"} kept on this device and will be sent as
            soon as the connection is back. Keep this page open, or reopen it on this device.
          </p>
        </div>
      ) : null}
      {timeUp && !submit.isError ? (
        <p className="notice notice-info">Time is up. Your answers are being submitted…</p>
      ) : null}
      {closedBy ? <ErrorNotice error={closedBy} /> : null}
      {submit.error instanceof UnsentAnswers ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Not submitted: {submit.error.message}</p>
          <p>
            You seem to be offline. Submit again once the connection is back; at the deadline your saved answers are
            submitted anyway.
          </p>
        </div>
      ) : submit.isError && !(submit.error instanceof ApiError && submit.error.status === 409) ? (
        <ErrorNotice error={submit.error} onRetry={() => submit.mutate(timeUp)} />
      ) : null}
      <form className="questions" aria-label="Your answers" noValidate onSubmit={(e) => e.preventDefault()}>
        {attempt.questions.map((question, index) => (
          <QuestionField
            key={`${question.id}:${revisions[question.id] ?? 0}`}
            question={question}
            number={index + 1}
            value={values[question.id]}
            save={queue.status(question.id)}
            onAnswer={(value, typing) => answer(question.id, value, typing)}
          />
        ))}
      </form>
      <p>
        <button
          type="button"
          className="primary"
          onClick={() => setConfirming(true)}
          disabled={submit.isPending || timeUp}
        >
          Submit answers
        </button>
      </p>
      {confirming ? (
        <ModalDialog title="Submit your answers?" onClose={() => setConfirming(false)}>
          <p>
            {unanswered > 0
              ? `${unanswered} of ${attempt.questions.length} questions have no answer. `
              : "Every question has an answer. "}
            Once submitted, your answers cannot be changed.
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={confirmSubmit}>
              Submit now
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep working
            </button>
          </div>
        </ModalDialog>
      ) : null}
    </article>
  );
}

function summaryText(overall: ReturnType<AnswerQueue["overall"]>): string {
  switch (overall.state) {
    case null:
      return "No answer given yet";
    case "saved":
      return "All answers saved";
    case "saving":
      return "Saving…";
    case "queued":
      return `${overall.waiting} answer${overall.waiting === 1 ? "" : "s"} waiting for the connection`;
    case "rejected":
      return `${overall.rejected} answer${overall.rejected === 1 ? " was" : "s were"} not accepted: see below`;
  }
}

/** Going offline and coming back are said once each, not every save. */
function useSaveAnnouncement(state: string | null): string {
  const [said, setSaid] = useState("");
  const previous = useRef(state);
  useEffect(() => {
    if (state === "queued" && previous.current !== "queued") {
      setSaid("You are offline. Your answers are kept on this device and sent when the connection is back.");
    } else if (previous.current === "queued" && state === "saved") {
      setSaid("Connection back: all answers are saved.");
    } else if (state === "rejected" && previous.current !== "rejected") {
      setSaid("An answer was not accepted. The reason is shown next to its question.");
    }
    previous.current = state;
  }, [state]);
  return said;
}
