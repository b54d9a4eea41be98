import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { classwork, type Coursework } from "../../api/classwork";
import { ConfirmInline } from "../../ui/ConfirmInline";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatDateTime } from "../../ui/format";
import { publication } from "./model";

interface Props {
  courseId: string;
  item: Coursework;
  teacher: boolean;
  writable: boolean;
  onEdit: (item: Coursework) => void;
  editDisabled: boolean;
  /** The id of what explains why Edit is off, when it is. */
  editHint: string | undefined;
}

/** One piece of coursework in the list: what it is, when it is due, its state (teachers), edit and delete. */
export function WorkItem({ courseId, item, teacher, writable, onEdit, editDisabled, editHint }: Props) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const key = ["course", courseId, "coursework"];
  const remove = useMutation({
    mutationFn: () => classwork.remove(courseId, item.id),
    onMutate: async () => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Coursework[]>(key);
      client.setQueryData<Coursework[]>(key, (old) => old?.filter((c) => c.id !== item.id));
      return { before };
    },
    onError: (_e, _v, context) => client.setQueryData(key, context?.before),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const state = publication(item);

  return (
    <li className="work-item">
      <div className="work-main">
        <span className={`work-type work-type-${item.workType.toLowerCase()}`}>
          {item.workType === "ASSIGNMENT" ? "Assignment" : "Material"}
        </span>
        <Link to={`/courses/${courseId}/coursework/${item.id}`} className="work-title">
          {item.title}
        </Link>
        {teacher ? (
          <span className={`badge badge-${state}`}>
            {state === "draft"
              ? "Draft"
              : state === "scheduled"
                ? `Scheduled for ${formatDateTime(item.scheduledAt)}`
                : "Published"}
          </span>
        ) : null}
      </div>
      <p className="muted work-facts">
        {item.dueAt ? `Due ${formatDateTime(item.dueAt)}` : item.workType === "ASSIGNMENT" ? "No due date" : ""}
        {item.workType === "ASSIGNMENT"
          ? item.maxPoints === null
            ? " · Ungraded"
            : ` · ${item.maxPoints} points`
          : ""}
        {item.materials.length > 0 ? ` · ${item.materials.length} link${item.materials.length === 1 ? "" : "s"}` : ""}
        {teacher && item.assignees !== null
          ? ` · ${item.assignees.length} student${item.assignees.length === 1 ? "" : "s"}`
          : ""}
      </p>
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {teacher && writable ? (
        confirming ? (
          <ConfirmInline
            label={`Confirm deleting ${item.title}`}
            question={<>Delete “{item.title}” with its students’ work and grades?</>}
            confirm="Delete for good"
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
            onKeep={() => setConfirming(false)}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => onEdit(item)} disabled={editDisabled} aria-describedby={editHint}>
              Edit<span className="visually-hidden"> {item.title}</span>
            </button>
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete<span className="visually-hidden"> {item.title}</span>
            </button>
          </div>
        )
      ) : null}
    </li>
  );
}
