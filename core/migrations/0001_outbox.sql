-- Events written in the same transaction as the change they describe; the
-- relay (core/outbox) moves them in `seq` order to the Redis stream.
-- IF NOT EXISTS: databases created before core had migrations got this table
-- from the service's own 0002_outbox, with the same definition.
CREATE TABLE IF NOT EXISTS outbox (
    seq         bigserial PRIMARY KEY,
    id          uuid NOT NULL UNIQUE,
    type        text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    course_id   uuid,
    data        jsonb NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
