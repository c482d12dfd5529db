package com.karrot.kafka.autoconfigure.listener;

import java.util.Map;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.jdbc.TableScriptDatabaseInitializer;

import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * Creates the inbox table when {@code karrot.kafka.listener.inbox.jdbc.initialize-schema} asks for it, from the
 * script for the database: {@code h2}, {@code postgresql} or {@code mariadb} (MySQL's too).
 */
final class InboxSchemaInitializer extends TableScriptDatabaseInitializer<ListenerProperties.Inbox.Jdbc> {

    InboxSchemaInitializer(DataSource dataSource, ListenerProperties.Inbox.Jdbc properties) {
        super(dataSource, properties, Map.of(DatabaseDriver.MYSQL, "mariadb"), "inbox table");
    }
}
