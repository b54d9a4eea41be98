import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { RequireAuth } from "../auth/RequireAuth";
import { CourseLayout } from "../courses/CourseLayout";
import { ByRole, ExamFrame, examScreens } from "../exams/ExamRoutes";
import { Layout } from "./Layout";
import { RouteError } from "./RouteError";

// Every screen is its own chunk, loaded when it is first opened: the first
// screen downloads only the shell and itself (scripts/bundle-check.mjs keeps
// it within budget).
function page(load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, "lazy"> {
  return { lazy: async () => ({ Component: (await load()).default }) };
}

const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { path: "sign-in", ...page(() => import("../pages/SignIn")) },
          { path: "register", ...page(() => import("../pages/Register")) },
          { path: "forgot-password", ...page(() => import("../pages/ForgotPassword")) },
          { path: "reset-password", ...page(() => import("../pages/ResetPassword")) },
          { path: "verify-email", ...page(() => import("../pages/VerifyEmail")) },
          {
            element: <RequireAuth />,
            children: [
              { index: true, ...page(() => import("../pages/Home")) },
              { path: "account", ...page(() => import("../pages/Account")) },
              // The inbox is not at /notifications: the gateway sends that path
              // (and all under it) to notify, so a reload there would show JSON.
              { path: "inbox", ...page(() => import("../notifications/Inbox")) },
              { path: "notifications", element: <Navigate to="/inbox" replace /> },
              // Where a notification of being removed from a course leads.
              { path: "courses", element: <Navigate to="/" replace /> },
              { path: "settings/notifications", ...page(() => import("../notifications/Preferences")) },
              { path: "invitations", ...page(() => import("../invitations/InvitationsPage")) },
              {
                path: "courses/:courseId",
                element: <CourseLayout />,
                children: [
                  // A course's tabs and pages, each its own chunk.
                  { index: true, ...page(() => import("../courses/stream/StreamPage")) },
                  { path: "announcements/:postId", ...page(() => import("../courses/stream/AnnouncementPage")) },
                  { path: "classwork", ...page(() => import("../courses/classwork/ClassworkPage")) },
                  { path: "people", ...page(() => import("../courses/people/PeoplePage")) },
                  // Notifications about members link here.
                  { path: "members", element: <Navigate to="../people" replace /> },
                  { path: "coursework/:cwId", ...page(() => import("../courses/coursework/CourseworkPage")) },
                  // Where a notification of a turned-in submission leads: the same page, that submission open.
                  {
                    path: "coursework/:cwId/submissions/:subId",
                    ...page(() => import("../courses/coursework/CourseworkPage")),
                  },
                  { path: "grades", ...page(() => import("../courses/grades/GradesPage")) },
                  { path: "exams", ...page(() => import("../exams/ExamListPage")) },
                  { path: "exams/bank", ...page(() => import("../exams/teacher/QuestionBank")) },
                  { path: "exams/accommodations", ...page(() => import("../exams/teacher/Accommodations")) },
                  // One address per exam for teachers and students (ExamRoutes).
                  {
                    path: "exams/:examId",
                    element: <ExamFrame />,
                    children: [
                      { index: true, element: <ByRole teacher={examScreens.editor} student={examScreens.landing} /> },
                      {
                        path: "attempts/:attemptId",
                        element: <ByRole teacher={examScreens.grading} student={examScreens.attempt} />,
                      },
                      { path: "results", element: <ByRole teacher={examScreens.results} student={null} /> },
                      { path: "regrade", element: <ByRole teacher={examScreens.regrade} student={null} /> },
                      { path: "overrides", element: <ByRole teacher={examScreens.overrides} student={null} /> },
                    ],
                  },
                ],
              },
            ],
          },
          {
            element: <RequireAuth admin />,
            children: [{ path: "admin/users", ...page(() => import("../admin/Users")) }],
          },
          { path: "*", ...page(() => import("../pages/NotFound")) },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
