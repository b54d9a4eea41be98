import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { attemptQuery, exams, type Attempt, type GradeInput, type QuestionResult } from "../../api/exams";
import { useMemberNames } from "../../api/members";
import { describeAnswer, describeKey } from "../../lib/answers";
import { mapFieldErrors } from "../../lib/forms";
import { parseNumber, TYPE_LABELS } from "../../lib/questions";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { TextArea, TextField } from "../../ui/Field";
import { formatDateTime } from "../../ui/format";
import { Loading } from "../../ui/Page";
import { useExam } from "./ExamLayout";

/** One attempt: the student's answers, essays to grade, points to override. */
export default function AttemptGrading() {
  const { courseId, exam } = useExam();
  const { attemptId = "" } = useParams();
  const attempt = useQuery(attemptQuery(courseId, exam.id, attemptId));
  const students = useMemberNames(courseId);
  // Kept here: the saved attempt comes back with a new version, which starts the form anew.
  const [saved, setSaved] = useState(false);
  const back = `/courses/${courseId}/exams/${exam.id}/results`;
  if (attempt.isPending) {
    return <Loading what="the attempt" />;
  }
  if (attempt.isError) {
    return <ErrorNotice error={attempt.error} onRetry={() => void attempt.refetch()} />;
  }
  const data = attempt.data.data;
  const name = students.nameOf(data.studentId);
  return (
    <section aria-labelledby="attempt-heading">
      <p>
        <Link to={back}>← Results</Link>
      </p>
      <h2 id="attempt-heading">
        {name}, attempt {data.number}
      </h2>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          {data.state === "SUBMITTED"
            ? "Submitted, waiting for your grading"
            : data.state.toLowerCase().replace("_", " ")}
        </dd>
        <dt>Started</dt>
        <dd>{formatDateTime(data.startedAt)}</dd>
        <dt>Submitted</dt>
        <dd>{data.submittedAt ? formatDateTime(data.submittedAt) : "Not yet"}</dd>
        <dt>Score</dt>
        <dd>{data.score === null ? "—" : `${data.score} / ${data.maxPoints}`}</dd>
        <dt>Released</dt>
        <dd>{data.releasedAt ? formatDateTime(data.releasedAt) : "No"}</dd>
      </dl>
      {data.state === "IN_PROGRESS" ? (
        <p className="notice notice-info">The student is still taking this attempt; grade it once it is submitted.</p>
      ) : (
        <GradingForm
          key={attempt.data.etag ?? data.submittedAt ?? ""}
          attempt={data}
          etag={attempt.data.etag}
          done={saved}
          setDone={setSaved}
        />
      )}
      <History attempt={data} />
    </section>
  );
}

interface Entry {
  points: string;
  feedback: string;
}

function GradingForm({
  attempt,
  etag,
  done,
  setDone,
}: {
  attempt: Attempt;
  etag: string | null;
  done: boolean;
  setDone: (done: boolean) => void;
}) {
  const { courseId, exam } = useExam();
  const client = useQueryClient();
  const results = new Map((attempt.perQuestion ?? []).map((r) => [r.questionId, r]));
  const initial = (r: QuestionResult | undefined): Entry => ({
    points: r && !r.needsTeacher ? String(r.points) : "",
    feedback: r?.feedback ?? "",
  });
  const [entries, setEntries] = useState<Record<string, Entry>>(() =>
    Object.fromEntries(attempt.questions.map((q) => [q.id, initial(results.get(q.id))])),
  );
  const save = useMutation({
    mutationFn: (grades: GradeInput[]) => exams.grade(attempt.id, grades, etag),
    onSuccess: () => {
      setDone(true);
      void client.invalidateQueries({ queryKey: ["course", courseId, "exam", exam.id] });
    },
  });
  const inputs = attempt.questions.flatMap((_, i) => [`grades[${i}].points`, `grades[${i}].feedback`]);
  const errors = mapFieldErrors(save.error, ["grades", ...inputs]);
  const [sent, setSent] = useState<string[]>([]);
  const errorFor = (questionId: string, member: string) => {
    const index = sent.indexOf(questionId);
    return index < 0 ? undefined : errors.fields[`grades[${index}].${member}`];
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    // Only what changed, and essays that wait: an untouched automatic grade stays automatic.
    const grades: GradeInput[] = [];
    for (const question of attempt.questions) {
      const entry = entries[question.id];
      const before = initial(results.get(question.id));
      if (!entry || entry.points.trim() === "") {
        continue;
      }
      if (
        entry.points !== before.points ||
        entry.feedback !== before.feedback ||
        results.get(question.id)?.needsTeacher
      ) {
        grades.push({
          questionId: question.id,
          points: parseNumber(entry.points),
          feedback: entry.feedback.trim() || null,
        });
      }
    }
    setSent(grades.map((g) => g.questionId));
    setDone(false);
    if (grades.length > 0) {
      save.mutate(grades);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Grade this attempt">
      <ol className="question-list">
        {attempt.questions.map((question, i) => {
          const result = results.get(question.id);
          const saved = attempt.answers[question.id];
          const key = describeKey(question);
          const entry = entries[question.id] ?? { points: "", feedback: "" };
          const set = (patch: Partial<Entry>) =>
            setEntries((old) => ({ ...old, [question.id]: { ...entry, ...patch } }));
          return (
            <li key={question.id} className="card">
              <h3>
                Question {i + 1} · {TYPE_LABELS[question.type]} · {question.points} point
                {question.points === 1 ? "" : "s"}
                {result?.needsTeacher ? (
                  <>
                    {" "}
                    <span className="badge badge-late">Needs grading</span>
                  </>
                ) : null}
              </h3>
              <p className="prompt">{question.prompt}</p>
              <dl className="facts">
                <dt>Answer</dt>
                <dd className="answer-text">{describeAnswer(question, saved?.answer)}</dd>
                {key !== null ? (
                  <>
                    <dt>Right answer</dt>
                    <dd>{key}</dd>
                  </>
                ) : null}
                {result && !result.needsTeacher ? (
                  <>
                    <dt>Points now</dt>
                    <dd>
                      {result.points} / {result.maxPoints}
                    </dd>
                  </>
                ) : null}
              </dl>
              <div className="points-field">
                <TextField
                  label={`Points for question ${i + 1} (of ${result?.maxPoints ?? question.points})`}
                  inputMode="decimal"
                  value={entry.points}
                  onChange={(e) => set({ points: e.target.value })}
                  error={errorFor(question.id, "points")}
                />
              </div>
              <TextArea
                label={`Feedback on question ${i + 1}`}
                rows={2}
                value={entry.feedback}
                onChange={(e) => set({ feedback: e.target.value })}
                error={errorFor(question.id, "feedback")}
              />
            </li>
          );
        })}
      </ol>
      {save.isError ? <ErrorNotice key={save.submittedAt} error={save.error} others={errors.others} /> : null}
      {done ? (
        <p className="notice notice-success" role="status">
          Grades saved.
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={save.isPending}>
        Save grades
      </button>
    </form>
  );
}

function History({ attempt }: { attempt: Attempt }) {
  const history = attempt.history ?? [];
  if (history.length === 0) {
    return null;
  }
  const number = new Map(attempt.questions.map((q, i) => [q.id, i + 1]));
  return (
    <section aria-labelledby="history-heading">
      <h3 id="history-heading">Changes to this attempt's points</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Question</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr key={`${entry.at}:${entry.questionId}`}>
              <td>{formatDateTime(entry.at)}</td>
              <td>{number.get(entry.questionId) ?? "—"}</td>
              <td>{entry.from}</td>
              <td>{entry.to}</td>
              <td>{entry.reason ?? "Graded by a teacher"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
