-- What a student is shown of their submission has its own version and time
-- of change: a teacher's private draft grade changes neither, so that the
-- student's ETag and updatedAt do not tell them a draft grade was written.
ALTER TABLE submissions
    ADD COLUMN student_version bigint NOT NULL DEFAULT 1,
    ADD COLUMN student_updated_at timestamptz NOT NULL DEFAULT now();
UPDATE submissions SET student_version = version, student_updated_at = updated_at;
