import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { memberName, membersKey, membersQuery, type Member } from "../../api/members";
import { people } from "../../api/people";
import { useUser } from "../../auth/RequireAuth";
import { ConfirmInline } from "../../ui/ConfirmInline";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { Invite } from "./Invite";
import { JoinCode } from "./JoinCode";
import { canRemove, splitMembers } from "./model";

/** A course's People: teachers and students; teachers invite and remove; members leave. */
export default function PeoplePage() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const members = useQuery(membersQuery(courseId));
  const writable = course.state === "ACTIVE";

  return (
    <section>
      <PageHeading title={`${course.name}: People`}>People</PageHeading>
      {teacher ? (
        <div className="people-tools">
          <JoinCode course={course} writable={writable} />
          {writable ? <Invite courseId={courseId} owner={course.myRole === "owner"} /> : null}
        </div>
      ) : null}
      {members.isPending ? (
        <Loading what="the course's people" />
      ) : members.isError ? (
        <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <Lists courseId={courseId} members={members.data} writable={writable} />
      )}
      {writable && course.myRole !== "owner" && course.myRole !== null ? <Leave courseId={courseId} /> : null}
    </section>
  );
}

function Lists({ courseId, members, writable }: { courseId: string; members: Member[]; writable: boolean }) {
  const user = useUser();
  const { course } = useCourse();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const key = membersKey(courseId);
  const remove = useMutation({
    mutationFn: (member: Member) => people.remove(courseId, member.userId),
    onMutate: async (member) => {
      setConfirming(null);
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Member[]>(key);
      client.setQueryData<Member[]>(key, (old) => old?.filter((m) => m.userId !== member.userId));
      return { before };
    },
    onError: (_e, _m, context) => client.setQueryData(key, context?.before),
    onSettled: () => client.invalidateQueries({ queryKey: ["course", courseId] }),
  });
  const { teachers, students } = splitMembers(members);

  const row = (member: Member) => (
    <li key={member.userId} className="person">
      <span>
        {memberName(member, member.userId)}
        {member.userId === user.id ? <span className="muted"> (you)</span> : null}
        {member.role === "owner" ? <span className="muted"> · owner</span> : null}
      </span>
      {writable && canRemove(course.myRole, user.id, member) ? (
        confirming === member.userId ? (
          <ConfirmInline
            label={`Confirm removing ${memberName(member, member.userId)}`}
            confirm={`Remove ${memberName(member, member.userId)}`}
            keep="Cancel"
            onConfirm={() => remove.mutate(member)}
            onKeep={() => setConfirming(null)}
          />
        ) : (
          <button type="button" onClick={() => setConfirming(member.userId)}>
            Remove<span className="visually-hidden"> {memberName(member, member.userId)} from the course</span>
          </button>
        )
      ) : null}
    </li>
  );

  return (
    <>
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      <section aria-labelledby="teachers-heading" className="card">
        <h2 id="teachers-heading">Teachers</h2>
        <ul className="plain-list people-list">{teachers.map(row)}</ul>
      </section>
      <section aria-labelledby="students-heading" className="card">
        <h2 id="students-heading">
          Students <span className="muted">({students.length})</span>
        </h2>
        {students.length === 0 ? (
          <Empty>No students yet. Invite them, or give them the class code.</Empty>
        ) : (
          <ul className="plain-list people-list">{students.map(row)}</ul>
        )}
      </section>
    </>
  );
}

function Leave({ courseId }: { courseId: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation({
    mutationFn: () => people.leave(courseId),
    onSuccess: () => {
      client.removeQueries({ queryKey: ["course", courseId] });
      void client.invalidateQueries({ queryKey: ["courses"] });
      void navigate("/", { replace: true });
    },
  });
  return (
    <section aria-labelledby="leave-heading" className="card">
      <h2 id="leave-heading">Leave the course</h2>
      <p className="muted">Your work and grades are kept if you come back.</p>
      {leave.isError ? <ErrorNotice error={leave.error} /> : null}
      {confirming ? (
        <ConfirmInline
          label="Confirm leaving"
          confirm="Leave for good"
          keep="Stay"
          busy={leave.isPending}
          onConfirm={() => leave.mutate()}
          onKeep={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Leave this course
        </button>
      )}
    </section>
  );
}
