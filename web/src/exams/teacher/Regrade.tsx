import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  bankQuestionQuery,
  exams,
  isQuestionsSection,
  statisticsQuery,
  type Question,
  type RegradeResult,
} from "../../api/exams";
import { useMemberNames } from "../../api/members";
import { mapFieldErrors } from "../../lib/forms";
import { fromQuestion, QUESTION_MEMBERS, regradeBody, validateDraft, type QuestionDraft } from "../../lib/questions";
import { QuestionEditor } from "../editor/QuestionEditor";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { SelectField, TextArea } from "../../ui/Field";
import { Empty, Loading } from "../../ui/Page";
import { useExam } from "./ExamLayout";

/** Change a question's key or points after students answered: preview each student's change, then apply. */
export default function Regrade() {
  const { courseId, exam } = useExam();
  const questions: Question[] = exam.sections.flatMap((s) => (isQuestionsSection(s) ? s.questions : []));
  // Questions drawn from the bank are known by the attempts that held them (the statistics list them).
  const statistics = useQuery({ ...statisticsQuery(courseId, exam.id), enabled: exam.state !== "DRAFT" });
  const drawnIds = (statistics.data?.items ?? [])
    .map((item) => item.questionId)
    .filter((id) => !questions.some((q) => q.id === id));
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? "");
  if (exam.state === "DRAFT") {
    return <Empty>A draft is changed by editing it; regrading is for a published exam.</Empty>;
  }
  const question = questions.find((q) => q.id === questionId);
  return (
    <section aria-labelledby="regrade-heading">
      <h2 id="regrade-heading">Regrade a question</h2>
      <p className="muted">
        Every submitted attempt is scored again from its stored answer; each change is kept in the attempt's history
        with your reason, and results already released are released again.
      </p>
      <SelectField label="Question to regrade" value={questionId} onChange={(e) => setQuestionId(e.target.value)}>
        {questions.map((q, i) => (
          <option key={q.id} value={q.id}>
            Question {i + 1}: {q.prompt.slice(0, 80)}
          </option>
        ))}
        {drawnIds.map((id, i) => (
          <option key={id} value={id}>
            B{i + 1}: a question drawn from the bank
          </option>
        ))}
      </SelectField>
      {statistics.isError ? <ErrorNotice error={statistics.error} onRetry={() => void statistics.refetch()} /> : null}
      {question ? (
        <RegradeForm key={question.id} question={question} drawn={false} />
      ) : drawnIds.includes(questionId) ? (
        <DrawnRegrade key={questionId} questionId={questionId} />
      ) : null}
    </section>
  );
}

/** A drawn question, as the bank holds it now, to regrade in every attempt that drew it. */
function DrawnRegrade({ questionId }: { questionId: string }) {
  const { courseId } = useExam();
  const question = useQuery(bankQuestionQuery(courseId, questionId));
  if (question.isPending) {
    return <Loading what="the question" />;
  }
  if (question.isError) {
    return <ErrorNotice error={question.error} onRetry={() => void question.refetch()} />;
  }
  return <RegradeForm question={question.data} drawn />;
}

function RegradeForm({ question, drawn }: { question: Question; drawn: boolean }) {
  const { courseId, exam } = useExam();
  const client = useQueryClient();
  const students = useMemberNames(courseId);
  const [draft, setDraft] = useState(() => fromQuestion(question));
  const [reason, setReason] = useState("");
  const [checked, setChecked] = useState<Record<string, string>>({});
  const preview = useMutation({
    mutationFn: () => exams.regrade(exam.id, question.id, regradeBody(draft, reason, drawn), true),
  });
  const apply = useMutation({
    mutationFn: () => exams.regrade(exam.id, question.id, regradeBody(draft, reason, drawn), false),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["course", courseId, "exam", exam.id] }),
  });
  const failed = preview.error ?? apply.error;
  const served = mapFieldErrors(failed, ["reason", ...QUESTION_MEMBERS]);
  const errors = { ...served.fields, ...checked };

  // A preview stands for the change as it was when asked; any edit asks again.
  function edit(next: QuestionDraft) {
    setDraft(next);
    preview.reset();
    apply.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validateDraft(draft);
    if (reason.trim() === "") {
      problems.reason = "say why, for the students' history";
    }
    setChecked(problems);
    if (Object.keys(problems).length === 0) {
      apply.reset();
      preview.mutate();
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Regrade">
      <fieldset className="question">
        <legend>The question as it should be</legend>
        <QuestionEditor
          draft={draft}
          onChange={edit}
          errors={errors}
          typeLocked
          pointsLocked={drawn ? "Drawn from the bank: worth its section's points each; only its key regrades." : null}
        />
      </fieldset>
      <TextArea
        label="Reason"
        rows={2}
        required
        maxLength={1000}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          preview.reset();
        }}
        error={errors.reason}
        hint="Kept with each changed score."
      />
      {failed ? <ErrorNotice error={failed} others={served.others} /> : null}
      <button type="submit" disabled={preview.isPending}>
        Preview the change
      </button>
      {preview.data && !apply.isSuccess ? (
        <Changes
          result={preview.data}
          name={(id) => students.nameOf(id)}
          onApply={() => apply.mutate()}
          applying={apply.isPending}
        />
      ) : null}
      {apply.isSuccess ? (
        <p className="notice notice-success" role="status">
          Regraded: {apply.data.attemptsChanged} attempt{apply.data.attemptsChanged === 1 ? "" : "s"} changed.
        </p>
      ) : null}
    </form>
  );
}

function Changes({
  result,
  name,
  onApply,
  applying,
}: {
  result: RegradeResult;
  name: (studentId: string) => string;
  onApply: () => void;
  applying: boolean;
}) {
  return (
    <section aria-labelledby="preview-heading" className="card">
      <h3 id="preview-heading">Preview: nothing is changed yet</h3>
      <p role="status">
        {result.attemptsChanged} attempt{result.attemptsChanged === 1 ? "" : "s"} would change.
      </p>
      {result.changes.length === 0 ? (
        <p>No attempt's score would change.</p>
      ) : (
        <table>
          <caption>Each student's change</caption>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Attempt</th>
              <th scope="col">Score now</th>
              <th scope="col">Score after</th>
            </tr>
          </thead>
          <tbody>
            {result.changes.map((change) => (
              <tr key={change.attemptId}>
                <th scope="row">{name(change.studentId)}</th>
                <td>{change.number}</td>
                <td>{change.from}</td>
                <td>
                  {change.to} ({change.to > change.from ? "up" : "down"}{" "}
                  {Math.abs(Math.round((change.to - change.from) * 100) / 100)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="primary" onClick={onApply} disabled={applying}>
        Apply the regrade
      </button>
    </section>
  );
}
