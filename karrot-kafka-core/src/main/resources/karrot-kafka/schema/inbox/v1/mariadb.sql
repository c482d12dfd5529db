-- Karrot Kafka inbox (idempotent listeners), schema v1, MySQL (8+) and MariaDB (10.6+). Times are UTC.
CREATE TABLE IF NOT EXISTS karrot_inbox (
    consumer_group  VARCHAR(255) NOT NULL,
    event_id        VARCHAR(255) NOT NULL,
    listener_id     VARCHAR(255) NOT NULL,
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INT          NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    processed_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (consumer_group, event_id),
    INDEX karrot_inbox_processed_at (processed_at)
) ENGINE=InnoDB;
