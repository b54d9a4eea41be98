import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { Link, Outlet } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { courseQuery } from "../api/courses";
import { teaches } from "../api/types";
import { useCourse, useCourseId } from "../courses/CourseLayout";
import { Loading } from "../ui/Page";

// An exam's address is the same for its teachers and its students (a
// notification links both to /courses/{id}/exams/{examId}); what it shows
// depends on the role. Each role's screens are their own chunks, loaded only
// for that role.
const TeacherExamLayout = lazy(() => import("./teacher/ExamLayout"));

type Screen = LazyExoticComponent<ComponentType>;

/** Whether the caller teaches the course (from the course CourseLayout loaded). */
function useTeaches(): boolean {
  const { data } = useQuery(courseQuery(useCourseId()));
  return data ? teaches(data) : false;
}

/** The exam's frame: the teacher's header, tabs and actions, or nothing of its own for a student. */
export function ExamFrame() {
  const course = useCourse();
  return (
    <Suspense fallback={<Loading what="the exam" />}>
      {course.teacher ? <TeacherExamLayout /> : <Outlet context={course} />}
    </Suspense>
  );
}

/** One address, the teacher's screen or the student's. */
export function ByRole({ teacher, student }: { teacher: Screen; student: Screen | null }) {
  const Screen = useTeaches() ? teacher : student;
  return <Suspense fallback={<Loading what="the page" />}>{Screen ? <Screen /> : <TeachersOnly />}</Suspense>;
}

function TeachersOnly() {
  const courseId = useCourseId();
  return (
    <p className="notice notice-info">
      This page is for the course's teachers. <Link to={`/courses/${courseId}/exams`}>Back to the exams</Link>
    </p>
  );
}

export const examScreens = {
  editor: lazy(() => import("./teacher/ExamEditor")),
  results: lazy(() => import("./teacher/Results")),
  grading: lazy(() => import("./teacher/AttemptGrading")),
  regrade: lazy(() => import("./teacher/Regrade")),
  overrides: lazy(() => import("./teacher/Overrides")),
  landing: lazy(() => import("./take/ExamLanding")),
  attempt: lazy(() => import("./take/AttemptPage")),
};
