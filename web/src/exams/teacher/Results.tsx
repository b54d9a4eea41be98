import { useMutation, useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import {
  bankQuestionQuery,
  exams,
  isQuestionsSection,
  resultsQuery,
  statisticsQuery,
  type Exam,
  type Results as ResultsData,
  type Statistics,
} from "../../api/exams";
import { useMemberNames } from "../../api/members";
import { binLabel, binScores, summarize } from "../../lib/histogram";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { Empty, Loading } from "../../ui/Page";
import { QuestionBars, ScoreHistogram } from "./charts";
import { useExam } from "./ExamLayout";

const STATE_WORDS = { IN_PROGRESS: "in progress", SUBMITTED: "to grade", GRADED: "graded" } as const;

/** Each student's attempts and result, the CSV, and the statistics. */
export default function Results() {
  const { courseId, exam } = useExam();
  const results = useQuery(resultsQuery(courseId, exam.id));
  const statistics = useQuery(statisticsQuery(courseId, exam.id));
  const students = useMemberNames(courseId);
  if (exam.state === "DRAFT") {
    return <Empty>Results appear here once the exam is published and students have taken it.</Empty>;
  }
  return (
    <>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">Results</h2>
        {students.query.isError ? (
          <ErrorNotice error={students.query.error} onRetry={() => void students.query.refetch()} />
        ) : null}
        {results.isPending ? (
          <Loading what="the results" />
        ) : results.isError ? (
          <ErrorNotice error={results.error} onRetry={() => void results.refetch()} />
        ) : (
          <ResultsTable results={results.data} nameOf={students.nameOf} courseId={courseId} examId={exam.id} />
        )}
        <CsvDownload examId={exam.id} />
      </section>
      <section aria-labelledby="distribution-heading">
        <h2 id="distribution-heading">Score distribution</h2>
        {results.data ? <Distribution results={results.data} /> : null}
      </section>
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">Questions</h2>
        {statistics.isPending ? (
          <Loading what="the statistics" />
        ) : statistics.isError ? (
          <ErrorNotice error={statistics.error} onRetry={() => void statistics.refetch()} />
        ) : (
          <QuestionStatistics statistics={statistics.data} exam={exam} />
        )}
      </section>
    </>
  );
}

function ResultsTable({
  results,
  nameOf,
  courseId,
  examId,
}: {
  results: ResultsData;
  nameOf: (userId: string) => string;
  courseId: string;
  examId: string;
}) {
  if (results.items.length === 0) {
    return <Empty>No student has started this exam yet.</Empty>;
  }
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Each student's attempts and result</caption>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Attempts</th>
            <th scope="col">Result ({results.gradingPolicy.toLowerCase()})</th>
            <th scope="col">Released</th>
          </tr>
        </thead>
        <tbody>
          {results.items.map((item) => {
            const name = nameOf(item.studentId);
            return (
              <tr key={item.studentId}>
                <th scope="row">{name}</th>
                <td>
                  <ul className="plain">
                    {item.attempts.map((attempt) => (
                      <li key={attempt.id}>
                        <Link
                          to={`/courses/${courseId}/exams/${examId}/attempts/${attempt.id}`}
                          aria-label={`Attempt ${attempt.number} of ${name}: ${STATE_WORDS[attempt.state]}, open to grade`}
                        >
                          Attempt {attempt.number}
                        </Link>{" "}
                        {attempt.score === null ? "" : `${attempt.score} / ${attempt.maxPoints}`}{" "}
                        <span className={attempt.state === "SUBMITTED" ? "badge badge-late" : "badge"}>
                          {STATE_WORDS[attempt.state]}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{item.score === null ? "Not graded yet" : `${item.score} / ${results.maxPoints}`}</td>
                <td>{item.released ? "Yes" : "No"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CsvDownload({ examId }: { examId: string }) {
  const download = useMutation({
    mutationFn: () => exams.resultsCsv(examId),
    onSuccess: (csv) => {
      // The file is fetched with the session (the cookie and X-Requested-With), then saved.
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `results-${examId}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    },
  });
  return (
    <>
      {download.isError ? <ErrorNotice key={download.submittedAt} error={download.error} /> : null}
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        Download results (CSV)
      </button>
    </>
  );
}

function Distribution({ results }: { results: ResultsData }) {
  const scores = results.items.flatMap((item) => (item.score === null ? [] : [item.score]));
  if (scores.length === 0) {
    return <Empty>No graded result yet.</Empty>;
  }
  const bins = binScores(scores, results.maxPoints, Math.min(10, Math.max(1, Math.ceil(results.maxPoints))));
  const summary = summarize(scores);
  const description = `${scores.length} graded result${scores.length === 1 ? "" : "s"} out of ${results.maxPoints} points; mean ${summary?.mean}, median ${summary?.median}. ${bins
    .filter((b) => b.count > 0)
    .map((b) => `${b.count} scored ${binLabel(b)}`)
    .join("; ")}.`;
  return (
    <>
      <p>
        Mean {summary?.mean} · median {summary?.median} · {scores.length} graded of {results.items.length} students
      </p>
      <ScoreHistogram bins={bins} description={description} />
      <table>
        <caption>Students by points</caption>
        <thead>
          <tr>
            <th scope="col">Points</th>
            <th scope="col">Students</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((bin) => (
            <tr key={binLabel(bin)}>
              <th scope="row">{binLabel(bin)}</th>
              <td>{bin.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Q1, Q2… in the exam's order, with prompts; drawn bank questions after them. */
function questionLabels(exam: Exam): Map<string, { label: string; prompt: string }> {
  const labels = new Map<string, { label: string; prompt: string }>();
  for (const section of exam.sections) {
    if (isQuestionsSection(section)) {
      for (const question of section.questions) {
        labels.set(question.id, { label: `Q${labels.size + 1}`, prompt: question.prompt });
      }
    }
  }
  return labels;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;
const signed = (v: number) => (v > 0 ? `+${v.toFixed(2)}` : v.toFixed(2));

function QuestionStatistics({ statistics, exam }: { statistics: Statistics; exam: Exam }) {
  const labels = questionLabels(exam);
  const drawnIds = statistics.items.map((item) => item.questionId).filter((id) => !labels.has(id));
  // Drawn questions are named by their bank prompt (a deleted one stays "from the bank").
  const bankPrompts = useQueries({
    queries: drawnIds.map((id) => ({ ...bankQuestionQuery(exam.courseId, id), retry: false })),
  });
  if (statistics.attemptsCounted === 0) {
    return <Empty>Statistics appear once an attempt is graded.</Empty>;
  }
  let drawn = 0;
  const rows = statistics.items.map((item) => {
    const known = labels.get(item.questionId);
    if (known) {
      return { item, ...known };
    }
    drawn += 1;
    const prompt = bankPrompts[drawn - 1]?.data?.prompt;
    return {
      item,
      label: `B${drawn}`,
      prompt: prompt ? `${prompt} (from the bank)` : "A question drawn from the bank",
    };
  });
  const describe = (pick: (r: (typeof rows)[number]) => number | null, format: (v: number) => string) =>
    rows.map((r) => `${r.label} ${pick(r) === null ? "n/a" : format(pick(r) as number)}`).join(", ");
  return (
    <>
      <p className="muted">
        From {statistics.attemptsCounted} graded attempt{statistics.attemptsCounted === 1 ? "" : "s"}, one per student.
        Facility: the share of points earned (low: hard). Discrimination: how much better the top 27 % did than the
        bottom 27 % (near 0 or below: the question does not separate them).
      </p>
      <div className="chart-pair">
        <QuestionBars
          title="Facility by question"
          description={`Facility, 0 to 100%: ${describe((r) => r.item.facility, percent)}.`}
          data={rows.map((r) => ({ label: r.label, value: r.item.facility }))}
          min={0}
          max={1}
          format={percent}
        />
        <QuestionBars
          title="Discrimination by question"
          description={`Discrimination, −1 to 1: ${describe((r) => r.item.discrimination, signed)}.`}
          data={rows.map((r) => ({ label: r.label, value: r.item.discrimination }))}
          min={-1}
          max={1}
          format={signed}
        />
      </div>
      <div className="table-scroll">
        <table>
          <caption>Statistics per question</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Answered</th>
              <th scope="col">Mean points</th>
              <th scope="col">Facility</th>
              <th scope="col">Discrimination</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, label, prompt }) => (
              <tr key={item.questionId}>
                <th scope="row">
                  {label}: {prompt}
                </th>
                <td>
                  {item.answered} of {item.attempts}
                </td>
                <td>
                  {item.meanScore} / {item.maxPoints}
                </td>
                <td>{item.facility === null ? "n/a" : percent(item.facility)}</td>
                <td>{item.discrimination === null ? "n/a" : signed(item.discrimination)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
