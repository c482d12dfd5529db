package com.karrot.kafka.autoconfigure.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.karrot.kafka.jdbc.TableNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Creates the tables of a capability from its DDL: Spring Boot's script initializer, which takes the script for the
 * database in place of {@code @@platform@@} in the schema location, with the table names of the properties applied
 * to it ({@link TableNames#rewrite(String)}). The shipped scripts only create what is missing, so running them on
 * every start is safe. It runs after Flyway, Liquibase and the application's {@code spring.sql.init} scripts (see
 * {@code TableScriptDatabaseInitializerDetector}), so a migration may create the tables instead. The shared base of
 * the outbox's and the inbox's initializers, not API: each is a bean type of its own.
 * @param <T> the type of the capability's properties
 */
public abstract class TableScriptDatabaseInitializer<T extends JdbcTablesProperties>
        extends PropertiesBasedDataSourceScriptDatabaseInitializer<T> {

    private static final Log logger = LogFactory.getLog(TableScriptDatabaseInitializer.class);

    private final DatabaseInitializationMode mode;

    private final TableNames names;

    private final String tables;

    private final String propertyPrefix;

    private final String schema;

    private final @Nullable String platform;

    /**
     * Creates the initializer.
     * @param dataSource the database
     * @param properties the capability's properties
     * @param platforms the platform, for {@code @@platform@@}, of the databases whose script is not named after them
     * @param tables what the tables are, for the log
     */
    protected TableScriptDatabaseInitializer(DataSource dataSource, T properties, Map<DatabaseDriver, String> platforms,
            String tables) {
        super(dataSource, properties, platforms);
        this.mode = properties.getInitializeSchema();
        this.names = properties.tableNames();
        this.tables = tables;
        this.propertyPrefix = properties.propertyPrefix();
        this.schema = properties.getSchema();
        this.platform = properties.getPlatform();
    }

    /**
     * Runs the script when the mode asks for it. Unlike Spring Boot's, it asks the mode first, before it looks for the
     * script: with the default mode on a server database nothing is looked for, so that a service on a database
     * this starter ships no script for (one that only uses listeners, say) starts as it did before. A script that
     * is not there fails start-up naming the property to fix: the platform when it is set, else the schema location.
     */
    @Override
    public boolean initializeDatabase() {
        if (this.mode == DatabaseInitializationMode.NEVER
                || (this.mode == DatabaseInitializationMode.EMBEDDED && !isEmbeddedDatabase())) {
            return false;
        }
        try {
            return super.initializeDatabase();
        }
        catch (IllegalStateException ex) {
            String message = String.valueOf(ex.getMessage());
            if (!message.startsWith("No schema scripts found")) {
                throw ex;
            }
            InvalidConfigurationPropertyValueException invalid = (this.platform != null)
                    ? new InvalidConfigurationPropertyValueException(this.propertyPrefix + ".platform", this.platform,
                            message + ": no DDL for this platform under " + this.propertyPrefix + ".schema ("
                                    + this.schema + "); use h2, postgresql or mariadb, or unset it to detect it")
                    : new InvalidConfigurationPropertyValueException(this.propertyPrefix + ".schema", this.schema,
                            message + " (the platform was detected; set " + this.propertyPrefix
                                    + ".platform for another)");
            invalid.initCause(ex);
            throw invalid;
        }
    }

    @Override
    protected void runScripts(Scripts scripts) {
        Charset encoding = scripts.getEncoding() != null ? scripts.getEncoding() : StandardCharsets.UTF_8;
        List<Resource> named = new ArrayList<>();
        for (Resource script : scripts) {
            logger.info("Creating the " + this.tables + " " + this.names + " (if missing) from "
                    + script.getDescription());
            byte[] ddl = this.names.rewrite(read(script, encoding)).getBytes(encoding);
            named.add(new ByteArrayResource(ddl, script.getDescription()));
        }
        super.runScripts(new Scripts(named).continueOnError(scripts.isContinueOnError())
            .separator(scripts.getSeparator())
            .encoding(encoding));
    }

    private static String read(Resource script, Charset encoding) {
        try {
            return script.getContentAsString(encoding);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + script.getDescription(), ex);
        }
    }
}
