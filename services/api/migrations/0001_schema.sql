-- The api service's schema. Ids are UUIDv7 (time-ordered): most lists are
-- paged newest first by id. Grades and points are numeric(10,2): exact sums.

-- Rows created in bulk by SQL (submissions at publishing) need UUIDv7 ids too:
-- 48 bits of Unix milliseconds, then version 7 and the variant over random bits.
CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

CREATE TABLE profiles (
    id           uuid PRIMARY KEY,
    email        text NOT NULL,
    display_name text NOT NULL,
    -- false until the user.registered event or a PATCH gave the real name
    name_known   boolean NOT NULL DEFAULT true,
    active       boolean NOT NULL DEFAULT true,
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE courses (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    section     text,
    description text,
    room        text,
    state       text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'ARCHIVED')),
    owner_id    uuid NOT NULL,
    join_code   text,
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX courses_active_join_code ON courses (join_code)
    WHERE state = 'ACTIVE' AND join_code IS NOT NULL;

CREATE TABLE members (
    course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL,
    role      text NOT NULL CHECK (role IN ('owner', 'teacher', 'student')),
    joined_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id, course_id DESC);
CREATE INDEX members_by_course_joined ON members (course_id, joined_at, user_id);

CREATE TABLE invitations (
    id         uuid PRIMARY KEY,
    course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    email      text NOT NULL,
    role       text NOT NULL CHECK (role IN ('teacher', 'student')),
    state      text NOT NULL DEFAULT 'PENDING'
               CHECK (state IN ('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')),
    invited_by uuid NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX invitations_one_pending ON invitations (course_id, email) WHERE state = 'PENDING';
CREATE INDEX invitations_pending_by_email ON invitations (email, id DESC) WHERE state = 'PENDING';

CREATE TABLE topics (
    id         uuid PRIMARY KEY,
    course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    name       text NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX topics_name ON topics (course_id, lower(name));

CREATE TABLE announcements (
    id         uuid PRIMARY KEY,
    course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    author_id  uuid NOT NULL,
    text       text NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX announcements_by_course ON announcements (course_id, id DESC);

CREATE TABLE coursework (
    id           uuid PRIMARY KEY,
    course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    author_id    uuid NOT NULL,
    title        text NOT NULL,
    description  text,
    work_type    text NOT NULL CHECK (work_type IN ('ASSIGNMENT', 'MATERIAL')),
    topic_id     uuid REFERENCES topics (id) ON DELETE SET NULL,
    max_points   numeric(10, 2),
    due_at       timestamptz,
    materials    jsonb NOT NULL DEFAULT '[]',
    state        text NOT NULL CHECK (state IN ('DRAFT', 'PUBLISHED')),
    scheduled_at timestamptz,
    published_at timestamptz,
    assignees    uuid[],  -- NULL: every student of the course, now and later
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coursework_by_course ON coursework (course_id, id DESC);
CREATE INDEX coursework_scheduled ON coursework (scheduled_at) WHERE state = 'DRAFT' AND scheduled_at IS NOT NULL;

CREATE TABLE comments (
    id            uuid PRIMARY KEY,
    course_id     uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    announcement_id uuid REFERENCES announcements (id) ON DELETE CASCADE,
    coursework_id uuid REFERENCES coursework (id) ON DELETE CASCADE,
    author_id     uuid NOT NULL,
    text          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((announcement_id IS NULL) <> (coursework_id IS NULL))
);
CREATE INDEX comments_by_announcement ON comments (announcement_id, id DESC) WHERE announcement_id IS NOT NULL;
CREATE INDEX comments_by_coursework ON comments (coursework_id, id DESC) WHERE coursework_id IS NOT NULL;

CREATE TABLE submissions (
    id             uuid PRIMARY KEY,
    coursework_id  uuid NOT NULL REFERENCES coursework (id) ON DELETE CASCADE,
    course_id      uuid NOT NULL,
    student_id     uuid NOT NULL,
    state          text NOT NULL DEFAULT 'NEW' CHECK (state IN
                   ('NEW', 'CREATED', 'TURNED_IN', 'RETURNED', 'RECLAIMED_BY_STUDENT')),
    turned_in_at   timestamptz,
    draft_grade    numeric(10, 2),
    assigned_grade numeric(10, 2),
    text           text NOT NULL DEFAULT '',
    links          jsonb NOT NULL DEFAULT '[]',
    version        bigint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (coursework_id, student_id)
);
CREATE INDEX submissions_by_student ON submissions (course_id, student_id);

-- The grade audit trail: appended to, never rewritten.
CREATE TABLE submission_history (
    seq           bigserial PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id      uuid NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('STATE', 'DRAFT', 'ASSIGNED')),
    state         text,
    grade         numeric(10, 2)
);
CREATE INDEX submission_history_by_submission ON submission_history (submission_id, seq);
CREATE FUNCTION submission_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'submission_history is append-only';
END
$$;
CREATE TRIGGER submission_history_no_update BEFORE UPDATE ON submission_history
    FOR EACH ROW EXECUTE FUNCTION submission_history_append_only();

-- Released exam results (exam.result_released events); the latest release wins.
CREATE TABLE exam_results (
    exam_id     uuid NOT NULL,
    student_id  uuid NOT NULL,
    course_id   uuid NOT NULL,
    title       text NOT NULL,
    points      numeric(10, 2) NOT NULL,
    max_points  numeric(10, 2) NOT NULL,
    released_at timestamptz NOT NULL,
    PRIMARY KEY (exam_id, student_id)
);
CREATE INDEX exam_results_by_course ON exam_results (course_id, student_id);
