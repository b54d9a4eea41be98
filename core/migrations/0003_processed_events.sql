-- The ids of the events a consumer has applied (core::events::apply_once),
-- recorded in the same transaction as their effect. IF NOT EXISTS: the api
-- created this table in its own 0001_schema before core had migrations.
CREATE TABLE IF NOT EXISTS processed_events (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
