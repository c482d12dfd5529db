package com.karrot.kafka.autoconfigure.outbox;

import javax.sql.DataSource;

import com.karrot.kafka.outbox.OutboxDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the outbox tables from the DDL shipped for the database, when {@code karrot.kafka.outbox.schema.initialize}
 * asks for it. The scripts only create what is missing, so running them on every start is safe. Runs after Flyway,
 * Liquibase and Spring's own SQL initialisation, so a migration may create the tables instead.
 */
final class OutboxSchemaInitializer implements InitializingBean {

    private static final Log logger = LogFactory.getLog(OutboxSchemaInitializer.class);

    private final DataSource dataSource;

    private final DatabaseInitializationMode mode;

    OutboxSchemaInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
        this.dataSource = dataSource;
        this.mode = mode;
    }

    @Override
    public void afterPropertiesSet() {
        if (this.mode == DatabaseInitializationMode.NEVER
                || (this.mode == DatabaseInitializationMode.EMBEDDED && !EmbeddedDatabaseConnection.isEmbedded(this.dataSource))) {
            return;
        }
        OutboxDatabase database = OutboxDatabase.of(this.dataSource);
        logger.info("Creating the outbox tables (if missing) from " + database.schemaLocation());
        new ResourceDatabasePopulator(new ClassPathResource(database.schemaLocation())).execute(this.dataSource);
    }
}
