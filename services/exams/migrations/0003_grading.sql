-- Every change of a question's points in an attempt after submit: a
-- teacher's grade or override, or a regrade of the question for the whole
-- exam. Rows are only added, so an attempt's earlier scores are never lost
-- (API.md: the attempt's `history`). A table rather than a jsonb array in
-- the attempt: an append writes one small row instead of rewriting the
-- attempt's document, and a regrade of a large class adds rows only.

CREATE TABLE grade_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempt_id  uuid NOT NULL REFERENCES attempts ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid NOT NULL,
    question_id text NOT NULL,
    from_points numeric(10,2) NOT NULL,
    to_points   numeric(10,2) NOT NULL,
    reason      text  -- a regrade's; null for a teacher's grade
);
CREATE INDEX grade_history_by_attempt ON grade_history (attempt_id, id);
