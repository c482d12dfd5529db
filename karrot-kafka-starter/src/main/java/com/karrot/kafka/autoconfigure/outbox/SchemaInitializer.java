package com.karrot.kafka.autoconfigure.outbox;

import java.util.function.Function;

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
 * Creates tables of Karrot Kafka from the DDL shipped for the database, when the {@code schema.initialize}
 * property of the feature asks for it. The scripts only create what is missing, so running them on every start is
 * safe. Declared with {@code @DependsOnDatabaseInitialization}, it runs after Flyway, Liquibase and Spring's own SQL
 * initialisation, so a migration may create the tables instead. The shared base of the outbox's and the inbox's
 * initialisers (the inbox lives in the outbox's database, with DDL beside the outbox's), not API: each subclass is
 * a bean type of its own, so that each feature's stores can depend on their own tables.
 */
public abstract class SchemaInitializer implements InitializingBean {

    private static final Log logger = LogFactory.getLog(SchemaInitializer.class);

    private final DataSource dataSource;

    private final DatabaseInitializationMode mode;

    private final String tables;

    private final Function<OutboxDatabase, String> location;

    /**
     * Creates the initializer.
     * @param dataSource the database
     * @param mode whether to create the tables: always, never, or on embedded databases only
     * @param tables what the tables are, for the log
     * @param location the classpath location of the script for a database
     */
    protected SchemaInitializer(DataSource dataSource, DatabaseInitializationMode mode, String tables,
            Function<OutboxDatabase, String> location) {
        this.dataSource = dataSource;
        this.mode = mode;
        this.tables = tables;
        this.location = location;
    }

    @Override
    public void afterPropertiesSet() {
        if (this.mode == DatabaseInitializationMode.NEVER
                || (this.mode == DatabaseInitializationMode.EMBEDDED && !EmbeddedDatabaseConnection.isEmbedded(this.dataSource))) {
            return;
        }
        String script = this.location.apply(OutboxDatabase.of(this.dataSource));
        logger.info("Creating the " + this.tables + " (if missing) from " + script);
        new ResourceDatabasePopulator(new ClassPathResource(script)).execute(this.dataSource);
    }
}
