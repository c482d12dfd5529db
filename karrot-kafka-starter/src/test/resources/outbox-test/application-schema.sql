-- the application's own script (spring.sql.init) creates an outbox table its way, before the starter's DDL
CREATE TABLE karrot_outbox_instance (
    instance_id VARCHAR(255) NOT NULL PRIMARY KEY,
    alive_until TIMESTAMP(6) NOT NULL,
    created_by  VARCHAR(255) DEFAULT 'application'
);
