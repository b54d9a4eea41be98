-- Attempts and their answers. An attempt holds its own copy of its
-- questions (keys included, in the attempt's order, drawn and shuffled at its
-- start): a later change to the exam or the bank never changes it; regrading
-- changes it on purpose, with history.

CREATE TABLE attempts (
    id           uuid PRIMARY KEY,
    -- An exam with attempts is not deleted (API.md): RESTRICT says so too.
    exam_id      uuid NOT NULL REFERENCES exams ON DELETE RESTRICT,
    course_id    uuid NOT NULL,
    student_id   uuid NOT NULL,
    number       integer NOT NULL CHECK (number > 0),
    state        text NOT NULL DEFAULT 'IN_PROGRESS'
                 CHECK (state IN ('IN_PROGRESS', 'SUBMITTED', 'GRADED')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    deadline     timestamptz,  -- null: neither a time limit nor a close time
    submitted_at timestamptz,
    questions    jsonb NOT NULL,
    max_points   numeric(10,2) NOT NULL,
    score        numeric(10,2),
    -- [{questionId, points, maxPoints, feedback, needsTeacher}], set at submit
    per_question jsonb,
    graded_at    timestamptz,
    released_at  timestamptz,  -- the last time its result was released to the student
    version      bigint NOT NULL DEFAULT 1,
    UNIQUE (exam_id, student_id, number)
);
-- At most one attempt in progress per student and exam, whatever races.
CREATE UNIQUE INDEX attempts_one_in_progress ON attempts (exam_id, student_id)
    WHERE state = 'IN_PROGRESS';
-- What auto-submit looks for.
CREATE INDEX attempts_due ON attempts (deadline) WHERE state = 'IN_PROGRESS';
CREATE INDEX attempts_by_exam ON attempts (exam_id, id DESC);

-- The latest answer of each question of an attempt; `seq` is the client's
-- counter: a lower one never overwrites a higher one.
CREATE TABLE answers (
    attempt_id  uuid NOT NULL REFERENCES attempts ON DELETE CASCADE,
    question_id text NOT NULL,
    answer      jsonb NOT NULL,
    seq         bigint NOT NULL CHECK (seq >= 0),
    saved_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (attempt_id, question_id)
);
