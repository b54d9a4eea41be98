import { useQuery } from "@tanstack/react-query";
import { NavLink, Outlet, useOutletContext, useParams } from "react-router";
import { courseQuery } from "../api/courses";
import { teaches, type Course } from "../api/types";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Loading, PageHeading } from "../ui/Page";

export interface CourseContext {
  course: Course;
  /** The caller teaches it (owner or teacher). */
  teacher: boolean;
}

/** The course the screens inside a course page show (CourseLayout's outlet). */
export function useCourse(): CourseContext {
  return useOutletContext<CourseContext>();
}

/** The route's `:courseId`, inside a course's pages. */
export function useCourseId(): string {
  const { courseId } = useParams();
  if (!courseId) {
    throw new Error("useCourseId outside /courses/:courseId");
  }
  return courseId;
}

const TABS = [
  { to: "", label: "Stream", end: true },
  { to: "classwork", label: "Classwork", end: false },
  { to: "exams", label: "Exams", end: false },
  { to: "people", label: "People", end: false },
  { to: "grades", label: "Grades", end: false },
];

/** A course's header and tabs; each tab is a route of its own. */
export function CourseLayout() {
  const courseId = useCourseId();
  const course = useQuery(courseQuery(courseId));
  if (course.isPending) {
    return <Loading what="the course" />;
  }
  if (course.isError) {
    return (
      <>
        <PageHeading title="Course not shown">This course could not be shown</PageHeading>
        <ErrorNotice error={course.error} onRetry={() => void course.refetch()} />
      </>
    );
  }
  const context: CourseContext = { course: course.data, teacher: teaches(course.data) };
  return (
    <div className="course">
      <header className="course-header">
        <p className="course-name">{course.data.name}</p>
        {course.data.section ? <p className="muted">{course.data.section}</p> : null}
        {course.data.state === "ARCHIVED" ? <p className="badge">Archived: read only</p> : null}
      </header>
      <nav aria-label="Course" className="tabs">
        <ul>
          {TABS.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to === "" ? `/courses/${courseId}` : `/courses/${courseId}/${tab.to}`} end={tab.end}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet context={context} />
    </div>
  );
}
