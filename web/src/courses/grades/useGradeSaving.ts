import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { coursework, type Submission } from "../../api/coursework";
import { ApiError, http } from "../../api/http";
import { explain } from "../../lib/problems";
import { cellQueue } from "./cellQueue";

export type CellStatus = { kind: "saving" } | { kind: "saved" } | { kind: "failed"; message: string };

export interface DraftChange {
  cwId: string;
  studentId: string;
  /** Needed only to clear a grade (the bulk endpoint cannot clear one). */
  subId: string | undefined;
  value: number | null;
}

/**
 * Saves draft grades one cell at a time and remembers each cell's outcome, so
 * that every cell can say "Saved" or why not. A grade goes through the bulk
 * grades endpoint (one item); clearing one needs PATCH, which can set null.
 */
export function useGradeSaving(courseId: string) {
  const client = useQueryClient();
  const [status, setStatus] = useState<Record<string, CellStatus>>({});
  const inFlight = useRef(new Set<Promise<void>>());
  // Two quick saves of one cell must reach the server in the order they were typed.
  const queue = useRef(cellQueue());

  function remember(key: string, value: CellStatus) {
    setStatus((old) => ({ ...old, [key]: value }));
  }

  /**
   * A grade typed just before "Return" is saved when its cell loses the focus,
   * that is as the button is clicked: a return waits for the saves under way,
   * so that it returns the grade on the screen.
   */
  async function settled(): Promise<void> {
    await Promise.allSettled([...inFlight.current]);
  }

  function save(key: string, change: DraftChange): Promise<void> {
    remember(key, { kind: "saving" });
    const saving = queue.current
      .run(key, (latest) => write(key, change, latest))
      .finally(() => inFlight.current.delete(saving));
    inFlight.current.add(saving);
    return saving;
  }

  async function write(key: string, change: DraftChange, latest: () => boolean): Promise<void> {
    // The answer to a save that a later one superseded is old news: the cell waits for the later one.
    const settle = (value: CellStatus) => {
      if (latest()) {
        remember(key, value);
      }
    };
    const listKey = ["course", courseId, "coursework", change.cwId, "submissions"];
    try {
      let saved: Submission | undefined;
      if (change.value === null) {
        if (!change.subId) {
          throw new Error("This student has no work to clear a grade of.");
        }
        saved = await http.patch<Submission>(
          `/api/courses/${encodeURIComponent(courseId)}/coursework/${encodeURIComponent(change.cwId)}/submissions/${encodeURIComponent(change.subId)}`,
          { draftGrade: null },
        );
      } else {
        const answer = await coursework.grade(courseId, change.cwId, [
          { studentId: change.studentId, draftGrade: change.value },
        ]);
        const result = answer.results[0];
        if (!result || result.status !== 200) {
          const message = result?.error?.errors?.[0]?.message ?? result?.error?.detail ?? "it was refused";
          settle({ kind: "failed", message });
          return;
        }
        saved = result.submission;
      }
      if (saved && latest()) {
        const fresh = saved;
        client.setQueryData<Submission[]>(listKey, (old) => old?.map((s) => (s.id === fresh.id ? fresh : s)));
      }
      settle({ kind: "saved" });
    } catch (error) {
      const message = error instanceof ApiError ? explain(error).title : error instanceof Error ? error.message : "";
      settle({ kind: "failed", message: message || "it could not be saved" });
    }
  }

  return { status, save, settled };
}
