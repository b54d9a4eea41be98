import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { exams, examsQuery } from "../api/exams";
import { newIdempotencyKey } from "../api/http";
import { useCourse, useCourseId } from "../courses/CourseLayout";
import { mapFieldErrors } from "../lib/forms";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextField } from "../ui/Field";
import { Loading, PageHeading } from "../ui/Page";
import { ExamList } from "./ExamList";

/** The course's Exams tab. */
export default function ExamListPage() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const list = useQuery(examsQuery(courseId));
  return (
    <section>
      <PageHeading title={`Exams · ${course.name}`}>Exams</PageHeading>
      {teacher ? (
        <>
          <nav aria-label="Exam tools" className="actions">
            <Link to="bank">Question bank</Link>
            <Link to="accommodations">Accommodations</Link>
          </nav>
          {course.state === "ACTIVE" ? <CreateExam courseId={courseId} /> : null}
        </>
      ) : null}
      {list.isPending ? (
        <Loading what="the exams" />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ExamList courseId={courseId} exams={list.data.items} teacher={teacher} />
      )}
    </section>
  );
}

function CreateExam({ courseId }: { courseId: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  // One key per exam being created: a retry after a lost answer cannot make two.
  const [key, setKey] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: () => exams.create(courseId, { title: title.trim() }, key),
    onSuccess: (exam) => {
      setKey(newIdempotencyKey());
      void client.invalidateQueries({ queryKey: ["course", courseId, "exams"] });
      void navigate(`/courses/${courseId}/exams/${exam.id}`);
    },
  });
  const errors = mapFieldErrors(create.error, ["title"]);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-exam-heading" className="card">
      <h2 id="new-exam-heading">New exam</h2>
      {create.isError ? <ErrorNotice key={create.submittedAt} error={create.error} others={errors.others} /> : null}
      <TextField
        label="Exam title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={errors.fields.title}
        hint="You add its questions and times next; students see it once you publish it."
      />
      <button type="submit" className="primary" disabled={create.isPending || title.trim() === ""}>
        Create exam
      </button>
    </form>
  );
}
