import { PageHeading } from "../../ui/Page";
import { useCourse } from "../CourseLayout";
import { Gradebook } from "./Gradebook";
import { StudentProgress } from "./StudentProgress";

/** The Grades tab: the gradebook for teachers, one's own progress for a student. */
export default function GradesPage() {
  const { course, teacher } = useCourse();
  return (
    <section>
      <PageHeading title={`Grades · ${course.name}`}>{teacher ? "Gradebook" : "Your grades"}</PageHeading>
      {teacher ? <Gradebook /> : <StudentProgress />}
    </section>
  );
}
