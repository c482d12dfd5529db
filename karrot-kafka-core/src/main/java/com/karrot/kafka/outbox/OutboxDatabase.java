package com.karrot.kafka.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The databases the outbox ships a schema for, and where each schema lies on the classpath. The SQL of the
 * store itself is the same on all of them.
 */
public enum OutboxDatabase {

    /** H2 2.x, the embedded default. */
    H2("h2"),

    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql"),

    /** MySQL 8 or later, and MariaDB 10.6 or later. */
    MARIADB("mariadb");

    /** The current schema version; the folder of the schema files. */
    public static final String SCHEMA_VERSION = "v1";

    private final String fileName;

    OutboxDatabase(String fileName) {
        this.fileName = fileName;
    }

    /**
     * The classpath location of this database's outbox schema, written with the default table names
     * ({@link com.karrot.kafka.jdbc.TableNames#rewrite(String)} gives it for others).
     * @return for example {@code karrot-kafka/schema/outbox/v1/postgresql.sql}
     */
    public String schemaLocation() {
        return "karrot-kafka/schema/outbox/" + SCHEMA_VERSION + "/" + this.fileName + ".sql";
    }

    /**
     * Finds the database behind a data source from its product name.
     * @param dataSource the data source
     * @return the database
     * @throws IllegalStateException when the database is not one the outbox supports
     */
    public static OutboxDatabase of(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot tell which database the outbox runs on", ex);
        }
        return fromProductName(product);
    }

    static OutboxDatabase fromProductName(String product) {
        OutboxDatabase database = find(product);
        if (database == null) {
            throw new IllegalStateException("the outbox has no schema for database '" + product
                    + "': supported are H2, PostgreSQL, MySQL and MariaDB");
        }
        return database;
    }

    /** The database of a JDBC product name, or {@code null} when it is not one the outbox ships a schema for. */
    static @Nullable OutboxDatabase find(@Nullable String product) {
        String name = product != null ? product.toLowerCase(Locale.ROOT) : "";
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        return null;
    }
}
