-- Karrot Kafka outbox, schema v1, MySQL (8+) and MariaDB (10.6+). Times are UTC.
-- A failure row belongs to its event: the relay writes it only while it holds the event row locked, and deletes
-- it in the transaction that deletes the event. No foreign key: its trigger per deleted event cost PostgreSQL
-- more than the whole delete. Tables of earlier versions may keep theirs; it is redundant, not wrong.
CREATE TABLE IF NOT EXISTS karrot_outbox (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id       VARCHAR(36)   NOT NULL,
    event_type     VARCHAR(255)  NOT NULL,
    aggregate_type VARCHAR(255)  NOT NULL,
    aggregate_id   VARCHAR(255)  NOT NULL,
    topic          VARCHAR(249)  NOT NULL,
    shard          INT           NOT NULL,
    payload        LONGBLOB      NOT NULL,
    content_type   VARCHAR(255)  NOT NULL,
    headers        TEXT          NOT NULL,
    created_at     DATETIME(6)   NOT NULL,
    CONSTRAINT karrot_outbox_event_id UNIQUE (event_id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS karrot_outbox_failure (
    outbox_id       BIGINT        NOT NULL PRIMARY KEY,
    event_id        VARCHAR(36)   NOT NULL,
    aggregate_type  VARCHAR(255)  NOT NULL,
    aggregate_id    VARCHAR(255)  NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    last_error      VARCHAR(2000) NOT NULL,
    last_failed_at  DATETIME(6)   NOT NULL,
    next_attempt_at DATETIME(6),
    INDEX karrot_outbox_failure_aggregate (aggregate_type, aggregate_id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS karrot_outbox_lease (
    shard       INT          NOT NULL PRIMARY KEY,
    owner       VARCHAR(255),
    lease_until DATETIME(6)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS karrot_outbox_instance (
    instance_id VARCHAR(255) NOT NULL PRIMARY KEY,
    alive_until DATETIME(6)  NOT NULL
) ENGINE=InnoDB;
