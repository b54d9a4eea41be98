import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { resetForUser } from "../api/auth";
import type { SignedIn } from "../api/types";
import { safeNext } from "./RequireAuth";

/** After a sign-in or registration: the new user's pages, where they were going. */
export function useSignedIn(): (answer: SignedIn) => void {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (answer) => {
    // The answer's token is not kept: the HttpOnly cookie carries the session.
    resetForUser(client, answer.user);
    void navigate(safeNext(params.get("next")), { replace: true });
  };
}
