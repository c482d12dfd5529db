package com.karrot.kafka.autoconfigure.jdbc;

import com.karrot.kafka.jdbc.TableNames;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.Assert;

/**
 * Where the tables of a capability live and how they are created: Spring Boot's
 * {@link DatabaseInitializationProperties} ({@code initialize-schema}, {@code schema}, {@code platform},
 * {@code continue-on-error}) and the table names ({@code table-prefix}, {@code table-schema}). Unlike Spring Boot's,
 * {@code continue-on-error} is off by default: the shipped scripts only create what is missing, so an error is a real
 * one (no rights, a wrong schema) and fails start-up. The metadata of Spring Boot's four properties (description,
 * default) is written by hand in {@code additional-spring-configuration-metadata.json}: the annotation processor cannot
 * read it from a class in a jar.
 */
public abstract class JdbcTablesProperties extends DatabaseInitializationProperties {

    private final String propertyPrefix;

    /** Prefix of the names of the tables, of their indexes and of their constraints. */
    private String tablePrefix = "karrot_";

    /** Database schema of the tables, created with them when missing; unset: the connection's current schema. */
    private @Nullable String tableSchema;

    private boolean initializeSchemaSet;

    /**
     * Creates the properties.
     * @param propertyPrefix where they are bound, such as {@code karrot.kafka.outbox.jdbc}, for the messages that
     * name a wrong value
     */
    protected JdbcTablesProperties(String propertyPrefix) {
        this.propertyPrefix = propertyPrefix;
        setContinueOnError(false);
    }

    /** Where these properties are bound, such as {@code karrot.kafka.outbox.jdbc}. */
    String propertyPrefix() {
        return this.propertyPrefix;
    }

    public String getTablePrefix() {
        return this.tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        Assert.isTrue(TableNames.isValidPrefix(tablePrefix), () -> this.propertyPrefix + ".table-prefix must be 1 to "
                + TableNames.MAX_PREFIX_LENGTH + " letters, digits or underscores, not starting with a digit, was '"
                + tablePrefix + "'");
        this.tablePrefix = tablePrefix;
    }

    public @Nullable String getTableSchema() {
        return this.tableSchema;
    }

    public void setTableSchema(@Nullable String tableSchema) {
        Assert.isTrue(tableSchema == null || tableSchema.isEmpty() || TableNames.isValidSchema(tableSchema),
                () -> this.propertyPrefix + ".table-schema must be 1 to " + TableNames.MAX_SCHEMA_LENGTH
                        + " letters, digits or underscores, not starting with a digit, was '" + tableSchema + "'");
        this.tableSchema = tableSchema;
    }

    @Override
    public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
        super.setInitializeSchema(initializeSchema);
        this.initializeSchemaSet = true;
    }

    /**
     * Sets the mode given under the name that {@code initialize-schema} replaced: {@code initialize-schema} wins when
     * both are set, whichever is bound first.
     * @param initializeSchema the mode
     */
    public void initializeSchemaUnlessSet(DatabaseInitializationMode initializeSchema) {
        if (!this.initializeSchemaSet) {
            super.setInitializeSchema(initializeSchema);
        }
    }

    /**
     * The table names these properties give, for the stores and the initializer.
     * @return the schema and the prefix of the tables
     */
    public TableNames tableNames() {
        return TableNames.of(this.tableSchema, this.tablePrefix);
    }
}
