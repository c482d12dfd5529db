package com.karrot.kafka.autoconfigure.outbox;

import java.util.Map;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.jdbc.TableScriptDatabaseInitializer;

import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * Creates the outbox tables when {@code karrot.kafka.outbox.jdbc.initialize-schema} asks for it, from the script for
 * the database: {@code h2}, {@code postgresql} or {@code mariadb} (MySQL's too).
 */
final class OutboxSchemaInitializer extends TableScriptDatabaseInitializer<OutboxProperties.Jdbc> {

    OutboxSchemaInitializer(DataSource dataSource, OutboxProperties.Jdbc properties) {
        super(dataSource, properties, Map.of(DatabaseDriver.MYSQL, "mariadb"), "outbox tables");
    }
}
