-- Karrot Kafka outbox, schema v1, PostgreSQL (12+). Times are UTC.
-- A failure row belongs to its event: the relay writes it only while it holds the event row locked, and deletes
-- it in the transaction that deletes the event. No foreign key: its trigger per deleted event cost PostgreSQL
-- more than the whole delete. Tables of earlier versions may keep theirs; it is redundant, not wrong.
CREATE TABLE IF NOT EXISTS karrot_outbox (
    id             BIGSERIAL PRIMARY KEY,
    event_id       VARCHAR(36)   NOT NULL,
    event_type     VARCHAR(255)  NOT NULL,
    aggregate_type VARCHAR(255)  NOT NULL,
    aggregate_id   VARCHAR(255)  NOT NULL,
    topic          VARCHAR(249)  NOT NULL,
    shard          INT           NOT NULL,
    payload        BYTEA         NOT NULL,
    content_type   VARCHAR(255)  NOT NULL,
    headers        TEXT          NOT NULL,
    created_at     TIMESTAMP(6)  NOT NULL,
    CONSTRAINT karrot_outbox_event_id UNIQUE (event_id)
);

CREATE TABLE IF NOT EXISTS karrot_outbox_failure (
    outbox_id       BIGINT        NOT NULL PRIMARY KEY,
    event_id        VARCHAR(36)   NOT NULL,
    aggregate_type  VARCHAR(255)  NOT NULL,
    aggregate_id    VARCHAR(255)  NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    last_error      VARCHAR(2000) NOT NULL,
    last_failed_at  TIMESTAMP(6)  NOT NULL,
    next_attempt_at TIMESTAMP(6)
);
CREATE INDEX IF NOT EXISTS karrot_outbox_failure_aggregate ON karrot_outbox_failure (aggregate_type, aggregate_id);

CREATE TABLE IF NOT EXISTS karrot_outbox_lease (
    shard       INT          NOT NULL PRIMARY KEY,
    owner       VARCHAR(255),
    lease_until TIMESTAMP(6)
);

CREATE TABLE IF NOT EXISTS karrot_outbox_instance (
    instance_id VARCHAR(255) NOT NULL PRIMARY KEY,
    alive_until TIMESTAMP(6) NOT NULL
);
