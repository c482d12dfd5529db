package com.karrot.kafka.autoconfigure.listener;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.outbox.SchemaInitializer;
import com.karrot.kafka.outbox.OutboxDatabase;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

/** Creates the inbox table when {@code karrot.kafka.listener.inbox.schema.initialize} asks for it. */
final class InboxSchemaInitializer extends SchemaInitializer {

    InboxSchemaInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
        super(dataSource, mode, "inbox table", OutboxDatabase::inboxSchemaLocation);
    }
}
