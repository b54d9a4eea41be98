-- The exams service's authoring schema. Ids are UUIDv7 (time-ordered): lists
-- are paged newest first by id. Points are numeric(10,2): exact sums.
-- Questions are documents (their key fields depend on their type), kept as
-- jsonb in the shape the API gives them, keys included; a student is never
-- shown them unreleased (handlers/views.cpp).

CREATE TABLE exams (
    id                   uuid PRIMARY KEY,
    course_id            uuid NOT NULL,
    title                text NOT NULL,
    description          text,
    state                text NOT NULL DEFAULT 'DRAFT'
                         CHECK (state IN ('DRAFT', 'PUBLISHED', 'CLOSED')),
    opens_at             timestamptz,
    closes_at            timestamptz,
    time_limit_minutes   integer CHECK (time_limit_minutes > 0),
    max_attempts         integer NOT NULL DEFAULT 1 CHECK (max_attempts > 0),
    grading_policy       text NOT NULL DEFAULT 'HIGHEST'
                         CHECK (grading_policy IN ('HIGHEST', 'LATEST', 'FIRST', 'AVERAGE')),
    shuffle_questions    boolean NOT NULL DEFAULT false,
    shuffle_options      boolean NOT NULL DEFAULT false,
    result_release       text NOT NULL DEFAULT 'IMMEDIATE'
                         CHECK (result_release IN ('IMMEDIATE', 'AFTER_CLOSE', 'MANUAL')),
    show_correct_answers boolean NOT NULL DEFAULT false,
    -- [{title, questions: [question]} | {title, draw: {tag, count, pointsEach}}]
    sections             jsonb NOT NULL DEFAULT '[]',
    max_points           numeric(10,2) NOT NULL DEFAULT 0,
    created_by           uuid NOT NULL,
    published_at         timestamptz,
    closed_at            timestamptz,
    released_at          timestamptz,  -- resultRelease MANUAL: when the teacher released
    -- exam.opening_soon is sent once per opening time: the opensAt it was sent for
    opening_notified_for timestamptz,
    version              bigint NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at)
);
CREATE INDEX exams_by_course ON exams (course_id, id DESC);
-- What the scheduler looks for: published exams that close, or open, soon.
CREATE INDEX exams_to_close ON exams (closes_at) WHERE state = 'PUBLISHED';
CREATE INDEX exams_to_open ON exams (opens_at) WHERE state = 'PUBLISHED';

-- The course's question bank: drawn from by tag.
CREATE TABLE bank_questions (
    id          uuid PRIMARY KEY,
    course_id   uuid NOT NULL,
    question    jsonb NOT NULL,
    tags        text[] NOT NULL DEFAULT '{}',
    created_by  uuid NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bank_questions_by_course ON bank_questions (course_id, id DESC);
CREATE INDEX bank_questions_by_tag ON bank_questions USING gin (tags);

-- Set once per student per course, for every exam of the course.
CREATE TABLE accommodations (
    course_id         uuid NOT NULL,
    student_id        uuid NOT NULL,
    time_multiplier   numeric(4,2) NOT NULL DEFAULT 1
                      CHECK (time_multiplier BETWEEN 1 AND 5),
    extra_minutes     integer NOT NULL DEFAULT 0 CHECK (extra_minutes >= 0),
    extend_past_close boolean NOT NULL DEFAULT false,
    version           bigint NOT NULL DEFAULT 1,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (course_id, student_id)
);

-- One exam, one student.
CREATE TABLE overrides (
    exam_id            uuid NOT NULL REFERENCES exams ON DELETE CASCADE,
    student_id         uuid NOT NULL,
    opens_at           timestamptz,
    closes_at          timestamptz,
    max_attempts       integer CHECK (max_attempts > 0),
    time_limit_minutes integer CHECK (time_limit_minutes > 0),
    version            bigint NOT NULL DEFAULT 1,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (exam_id, student_id)
);
