package com.karrot.kafka.autoconfigure.outbox;

import javax.sql.DataSource;

import com.karrot.kafka.outbox.OutboxDatabase;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

/** Creates the outbox tables when {@code karrot.kafka.outbox.schema.initialize} asks for it. */
final class OutboxSchemaInitializer extends SchemaInitializer {

    OutboxSchemaInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
        super(dataSource, mode, "outbox tables", OutboxDatabase::schemaLocation);
    }
}
