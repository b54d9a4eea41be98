import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { RequireAuth } from "../auth/RequireAuth";
import { CourseLayout } from "../courses/CourseLayout";
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
              {
                path: "courses/:courseId",
                element: <CourseLayout />,
                children: [
                  // A course's tabs and pages, each its own chunk.
                  { path: "exams", ...page(() => import("../exams/ExamListPage")) },
                  { path: "exams/bank", ...page(() => import("../exams/teacher/QuestionBank")) },
                  { path: "exams/accommodations", ...page(() => import("../exams/teacher/Accommodations")) },
                  {
                    path: "exams/:examId",
                    ...page(() => import("../exams/teacher/ExamLayout")),
                    children: [
                      { index: true, ...page(() => import("../exams/teacher/ExamEditor")) },
                      { path: "results", ...page(() => import("../exams/teacher/Results")) },
                      { path: "attempts/:attemptId", ...page(() => import("../exams/teacher/AttemptGrading")) },
                      { path: "regrade", ...page(() => import("../exams/teacher/Regrade")) },
                      { path: "overrides", ...page(() => import("../exams/teacher/Overrides")) },
                    ],
                  },
                ],
              },
            ],
          },
          { path: "*", ...page(() => import("../pages/NotFound")) },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
