-- The marketplace's tables, in SQL that H2 and PostgreSQL both accept; run at start-up (spring.sql.init).
CREATE TABLE IF NOT EXISTS users (
    id           VARCHAR(36)              PRIMARY KEY,
    nickname     VARCHAR(50)              NOT NULL,
    neighborhood VARCHAR(100)             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS items (
    id         VARCHAR(36)              PRIMARY KEY,
    seller_id  VARCHAR(36)              NOT NULL REFERENCES users (id),
    title      VARCHAR(100)             NOT NULL,
    price      BIGINT                   NOT NULL CHECK (price >= 0),
    status     VARCHAR(16)              NOT NULL,
    buyer_id   VARCHAR(36)              REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sold_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE IF NOT EXISTS chat_messages (
    id           VARCHAR(36)              PRIMARY KEY,
    item_id      VARCHAR(36)              NOT NULL REFERENCES items (id),
    from_user_id VARCHAR(36)              NOT NULL REFERENCES users (id),
    to_user_id   VARCHAR(36)              NOT NULL REFERENCES users (id),
    message_text VARCHAR(1000)            NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS payments (
    id           VARCHAR(36)              PRIMARY KEY,
    item_id      VARCHAR(36)              NOT NULL UNIQUE REFERENCES items (id),
    buyer_id     VARCHAR(36)              NOT NULL REFERENCES users (id),
    seller_id    VARCHAR(36)              NOT NULL REFERENCES users (id),
    amount       BIGINT                   NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL
);
