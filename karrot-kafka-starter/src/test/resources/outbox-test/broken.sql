CREATE TABLE karrot_outbox (id BIGINT PRIMARY KEY, no_such_type WHATEVER);
