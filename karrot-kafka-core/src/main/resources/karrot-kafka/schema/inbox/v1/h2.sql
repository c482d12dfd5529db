-- Karrot Kafka inbox (idempotent listeners), schema v1, H2 (2.x). Times are UTC.
CREATE TABLE IF NOT EXISTS karrot_inbox (
    consumer_group  VARCHAR(255) NOT NULL,
    event_id        VARCHAR(255) NOT NULL,
    listener_id     VARCHAR(255) NOT NULL,
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INT          NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    processed_at    TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);
CREATE INDEX IF NOT EXISTS karrot_inbox_processed_at ON karrot_inbox (processed_at);
