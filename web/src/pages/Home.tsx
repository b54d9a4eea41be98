import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { courses, coursesQuery, progressQuery } from "../api/courses";
import { ApiError, keepsIdempotencyKey, newIdempotencyKey } from "../api/http";
import { teaches, type Course } from "../api/types";
import { useUser } from "../auth/RequireAuth";
import { mapFieldErrors } from "../lib/forms";
import { buildTodo } from "../lib/todo";
import { HomeInvitations } from "../invitations/HomeInvitations";
import { ErrorNotice } from "../ui/ErrorNotice";
import { TextArea, TextField } from "../ui/Field";
import { formatDateTime } from "../ui/format";
import { Empty, Loading, PageHeading } from "../ui/Page";

export default function Home() {
  const list = useQuery(coursesQuery());
  return (
    <>
      <PageHeading title="Your courses">Your courses</PageHeading>
      {list.isPending ? (
        <Loading what="your courses" />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div className="home">
          <div className="home-main">
            <CourseCards items={list.data.items} />
          </div>
          <aside className="home-side" aria-label="To do and new courses">
            <HomeInvitations />
            <Todo items={list.data.items.filter((c) => c.myRole === "student")} />
            <JoinCourse />
            <CreateCourse />
          </aside>
        </div>
      )}
    </>
  );
}

function CourseCards({ items }: { items: Course[] }) {
  if (items.length === 0) {
    return <Empty>You are in no course yet. Join one with the code your teacher gave you, or create your own.</Empty>;
  }
  return (
    <ul className="cards" aria-label="Courses">
      {items.map((course) => (
        <li key={course.id} className="course-card">
          <h2>
            <Link to={`/courses/${course.id}`}>{course.name}</Link>
          </h2>
          {course.section ? <p>{course.section}</p> : null}
          <p className="muted">{teaches(course) ? "You teach this course" : "You are a student"}</p>
        </li>
      ))}
    </ul>
  );
}

function Todo({ items }: { items: Course[] }) {
  const user = useUser();
  const results = useQueries({ queries: items.map((course) => progressQuery(course.id, user.id)) });
  if (items.length === 0) {
    return null;
  }
  const failed = results.find((r) => r.isError);
  const loaded = items.flatMap((course, i) => {
    const data = results[i]?.data;
    return data ? [{ courseId: course.id, courseName: course.name, progress: data }] : [];
  });
  const todo = buildTodo(loaded, Date.now());
  return (
    <section aria-labelledby="todo-heading" className="card">
      <h2 id="todo-heading">To do</h2>
      {failed ? <ErrorNotice error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      {results.some((r) => r.isPending) ? <Loading what="your work" /> : null}
      {todo.length === 0 && !results.some((r) => r.isPending) ? (
        <Empty>Nothing due in the next 7 days, and nothing missing.</Empty>
      ) : (
        <ul className="todo">
          {todo.map(({ courseId, courseName, item, missing }) => (
            <li key={item.id}>
              <Link to={`/courses/${courseId}/coursework/${item.id}`}>{item.title}</Link>
              <span className="muted"> · {courseName}</span>
              <br />
              {missing ? (
                <span className="badge badge-missing">Missing</span>
              ) : (
                <span className="muted">Due {formatDateTime(item.dueAt)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function JoinCourse() {
  const client = useQueryClient();
  const [code, setCode] = useState("");
  const join = useMutation({
    mutationFn: courses.join,
    onSuccess: () => {
      setCode("");
      void client.invalidateQueries({ queryKey: ["courses"] });
    },
  });
  const errors = mapFieldErrors(join.error, ["code"]);
  const status = join.error instanceof ApiError ? join.error.status : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    join.mutate(code.trim());
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="join-heading" className="card">
      <h2 id="join-heading">Join a course</h2>
      {join.isSuccess ? (
        <p className="notice notice-success" role="status">
          You joined the course.
        </p>
      ) : null}
      {status === 404 ? (
        <p className="notice notice-error" role="alert">
          No course has this code, or it was turned off. Check it with your teacher.
        </p>
      ) : status === 409 ? (
        <p className="notice notice-error" role="alert">
          You are in this course already.
        </p>
      ) : join.isError ? (
        <ErrorNotice key={join.submittedAt} error={join.error} others={errors.others} />
      ) : null}
      <TextField
        label="Class code"
        name="code"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={errors.fields.code}
        hint="Your teacher gives you this code."
      />
      <button type="submit" disabled={join.isPending || code.trim() === ""}>
        Join
      </button>
    </form>
  );
}

function CreateCourse() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [returned, setReturned] = useState(false);
  const [name, setName] = useState("");
  const [section, setSection] = useState("");
  const [room, setRoom] = useState("");
  const [description, setDescription] = useState("");
  // One key per course being created: a retry after a lost answer cannot make two.
  const [key, setKey] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: () =>
      courses.create({ name, section: section || null, room: room || null, description: description || null }, key),
    onSuccess: (course) => {
      setKey(newIdempotencyKey());
      void client.invalidateQueries({ queryKey: ["courses"] });
      void navigate(`/courses/${course.id}`);
    },
    // After a definite refusal the corrected course is a new request.
    onError: (error) => {
      if (!keepsIdempotencyKey(error)) {
        setKey(newIdempotencyKey());
      }
    },
  });
  const errors = mapFieldErrors(create.error, ["name", "section", "room", "description"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  if (!open) {
    return (
      <section className="card" aria-labelledby="create-heading">
        <h2 id="create-heading">Teach a course</h2>
        {/* Back from a cancelled form, the focus returns here (the form took it). */}
        <button type="button" onClick={() => setOpen(true)} autoFocus={returned}>
          Create a course
        </button>
      </section>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-heading" className="card">
      <h2 id="create-heading">Create a course</h2>
      {create.isError ? <ErrorNotice key={create.submittedAt} error={create.error} others={errors.others} /> : null}
      <TextField
        label="Course name"
        name="name"
        required
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name}
      />
      <TextField
        label="Section"
        name="section"
        value={section}
        onChange={(e) => setSection(e.target.value)}
        error={errors.fields.section}
      />
      <TextField
        label="Room"
        name="room"
        value={room}
        onChange={(e) => setRoom(e.target.value)}
        error={errors.fields.room}
      />
      <TextArea
        label="Description"
        name="description"
        rows={3}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.fields.description}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create
        </button>
        <button
          type="button"
          onClick={() => {
            setOpen(false);
            setReturned(true);
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
