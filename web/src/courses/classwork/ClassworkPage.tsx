import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { courseworkListQuery, fetchCoursework, topicsQuery, type Coursework } from "../../api/classwork";
import { useMemberNames } from "../../api/members";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { Empty, Loading, PageHeading } from "../../ui/Page";
import { useCourse, useCourseId } from "../CourseLayout";
import { CourseworkEditor, type Editing } from "./CourseworkEditor";
import { groupByTopic } from "./model";
import { NewTopic, TopicActions } from "./TopicControls";
import { WorkItem } from "./WorkItem";

/** A course's Classwork: its coursework by topic; teachers create, edit and organise it. */
export default function ClassworkPage() {
  const courseId = useCourseId();
  const { course, teacher } = useCourse();
  const writable = teacher && course.state === "ACTIVE";
  const work = useQuery(courseworkListQuery(courseId));
  const topics = useQuery(topicsQuery(courseId));
  // Who may be picked as assignees: students join at any time, so read afresh for each editor.
  const members = useMemberNames(courseId, { enabled: teacher });
  const [editor, setEditor] = useState<{ editing: Editing | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // The editor is gone once saved: the focus goes to what happened, not to the page's start.
  const savedRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (saved) {
      savedRef.current?.focus();
    }
  }, [saved]);
  // An edit starts from the item as the service has it now, with its version (If-Match).
  const openEdit = useMutation({
    mutationFn: (item: Coursework) => fetchCoursework(courseId, item.id),
    onSuccess: (editing) => {
      setEditor({ editing });
      void members.query.refetch();
    },
  });

  const failed = work.isError ? work : topics.isError ? topics : null;
  return (
    <section>
      <PageHeading title={`${course.name}: Classwork`}>Classwork</PageHeading>
      {saved ? (
        <p className="notice notice-success" role="status" tabIndex={-1} ref={savedRef}>
          {saved}
        </p>
      ) : null}
      {writable && editor === null ? (
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => {
              setSaved(null);
              setEditor({ editing: null });
              void members.query.refetch();
            }}
          >
            Create coursework
          </button>
          <NewTopic courseId={courseId} />
        </div>
      ) : null}
      {openEdit.isError ? <ErrorNotice error={openEdit.error} /> : null}
      {editor ? (
        <CourseworkEditor
          // A new version (reloaded after a 412) starts the form afresh.
          key={editor.editing ? `${editor.editing.coursework.id}:${editor.editing.etag}` : "new"}
          courseId={courseId}
          editing={editor.editing}
          topics={topics.data ?? []}
          students={members.students}
          onReload={() => {
            if (editor.editing) {
              openEdit.mutate(editor.editing.coursework);
            }
          }}
          onDone={(item) => {
            setEditor(null);
            setSaved(item ? `“${item.title}” is saved.` : null);
          }}
        />
      ) : null}
      {editor ? (
        // One editor at a time: opening another would silently drop what is typed in this one.
        <p id="classwork-edit-hint" className="muted">
          Save or cancel the open editor to edit another item.
        </p>
      ) : null}
      {work.isPending || topics.isPending ? (
        <Loading what="classwork" />
      ) : failed ? (
        <ErrorNotice error={failed.error} onRetry={() => void failed.refetch()} />
      ) : (
        <Groups
          courseId={courseId}
          items={work.data ?? []}
          teacher={teacher}
          writable={writable}
          topics={topics.data ?? []}
          onEdit={(item) => openEdit.mutate(item)}
          editDisabled={openEdit.isPending || editor !== null}
          editHint={editor ? "classwork-edit-hint" : undefined}
        />
      )}
    </section>
  );
}

function Groups(props: {
  courseId: string;
  items: Coursework[];
  topics: Parameters<typeof groupByTopic>[1];
  teacher: boolean;
  writable: boolean;
  onEdit: (item: Coursework) => void;
  editDisabled: boolean;
  editHint: string | undefined;
}) {
  const { courseId, items, topics, teacher, writable } = props;
  const groups = groupByTopic(items, topics, teacher);
  if (groups.length === 0) {
    return (
      <Empty>
        {teacher
          ? "No coursework yet. Create an assignment or share material."
          : "Nothing has been assigned to you yet."}
      </Empty>
    );
  }
  return (
    <>
      {groups.map(({ topic, items: own }) => (
        <section key={topic?.id ?? "none"} className="topic" aria-labelledby={`topic-${topic?.id ?? "none"}`}>
          <div className="topic-head">
            <h2 id={`topic-${topic?.id ?? "none"}`}>{topic ? topic.name : "No topic"}</h2>
            {topic && writable ? <TopicActions courseId={courseId} topic={topic} /> : null}
          </div>
          {own.length === 0 ? (
            <p className="muted">No work in this topic yet.</p>
          ) : (
            <ul className="plain-list work-list">
              {own.map((item) => (
                <WorkItem
                  key={item.id}
                  courseId={courseId}
                  item={item}
                  teacher={teacher}
                  writable={writable}
                  onEdit={props.onEdit}
                  editDisabled={props.editDisabled}
                  editHint={props.editHint}
                />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
