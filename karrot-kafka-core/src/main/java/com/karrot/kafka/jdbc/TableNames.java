package com.karrot.kafka.jdbc;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where the tables of a Karrot Kafka capability live: the prefix of their names, {@code karrot_} by default, and the
 * database schema that holds them, none by default (the connection's current schema). Their indexes and constraints
 * take the prefix too, and stay in their table's schema. Names are written unquoted, so that the database folds their
 * case alike in the DDL and in the stores' statements: a prefix or schema is an ASCII letter or underscore followed by
 * letters, digits and underscores.
 * <p>
 * The DDL shipped in the jar ({@code karrot-kafka/schema/...}) is written with the default names, no schema, so that
 * it can be copied into migrations as it is; {@link #rewrite(String)} turns it into the DDL for other names.
 * Immutable.
 */
public final class TableNames {

    /** The prefix of the shipped DDL, and the default. */
    public static final String DEFAULT_PREFIX = "karrot_";

    /**
     * The longest prefix, so that the longest name it starts ({@code <prefix>outbox_failure_aggregate}) stays within
     * PostgreSQL's 63 characters.
     */
    public static final int MAX_PREFIX_LENGTH = 32;

    /** The longest schema name, PostgreSQL's limit (MySQL and MariaDB allow 64). */
    public static final int MAX_SCHEMA_LENGTH = 63;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern SHIPPED_NAME = Pattern.compile("\\b" + DEFAULT_PREFIX + "(\\w+)");

    private static final Pattern CREATED_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + DEFAULT_PREFIX + "\\w+)", Pattern.CASE_INSENSITIVE);

    private static final TableNames DEFAULTS = new TableNames(null, DEFAULT_PREFIX);

    private final @Nullable String schema;

    private final String prefix;

    private TableNames(@Nullable String schema, String prefix) {
        this.schema = schema;
        this.prefix = prefix;
    }

    /**
     * The default names: prefix {@code karrot_}, no schema.
     * @return the names of the shipped DDL
     */
    public static TableNames defaults() {
        return DEFAULTS;
    }

    /**
     * Names with the given schema and prefix.
     * @param schema the database schema of the tables; {@code null} or empty for the connection's current schema
     * @param prefix the prefix of the names of the tables, their indexes and constraints
     * @return the names
     * @throws IllegalArgumentException when the schema or the prefix is not a valid name
     */
    public static TableNames of(@Nullable String schema, String prefix) {
        Assert.isTrue(isValidPrefix(prefix), () -> "prefix must be 1 to " + MAX_PREFIX_LENGTH
                + " letters, digits or underscores, not starting with a digit, was '" + prefix + "'");
        Assert.isTrue(schema == null || schema.isEmpty() || isValidSchema(schema), () -> "schema must be 1 to "
                + MAX_SCHEMA_LENGTH + " letters, digits or underscores, not starting with a digit, was '" + schema
                + "'");
        return new TableNames(schema == null || schema.isEmpty() ? null : schema, prefix);
    }

    /**
     * Whether a prefix is valid: 1 to {@value #MAX_PREFIX_LENGTH} ASCII letters, digits or underscores, not starting
     * with a digit.
     * @param prefix the prefix
     * @return whether {@link #of(String, String)} accepts it
     */
    public static boolean isValidPrefix(@Nullable String prefix) {
        return prefix != null && prefix.length() <= MAX_PREFIX_LENGTH && IDENTIFIER.matcher(prefix).matches();
    }

    /**
     * Whether a schema name is valid: 1 to {@value #MAX_SCHEMA_LENGTH} ASCII letters, digits or underscores, not
     * starting with a digit.
     * @param schema the schema name
     * @return whether {@link #of(String, String)} accepts it
     */
    public static boolean isValidSchema(@Nullable String schema) {
        return schema != null && schema.length() <= MAX_SCHEMA_LENGTH && IDENTIFIER.matcher(schema).matches();
    }

    /**
     * The database schema of the tables.
     * @return the schema, or {@code null} for the connection's current schema
     */
    public @Nullable String schema() {
        return this.schema;
    }

    /**
     * The prefix of the names of the tables, their indexes and constraints.
     * @return the prefix
     */
    public String prefix() {
        return this.prefix;
    }

    /**
     * The name of a table as statements write it: {@code table("outbox")} is {@code karrot_outbox} by default,
     * {@code messaging.app_outbox} with schema {@code messaging} and prefix {@code app_}.
     * @param name the name of the table after the prefix
     * @return the table's name, qualified by the schema when there is one
     */
    public String table(String name) {
        String table = this.prefix + name;
        return this.schema != null ? this.schema + "." + table : table;
    }

    /**
     * Turns DDL written with the default names into the DDL for these names. Every identifier that starts with
     * {@code karrot_} gets this prefix instead; the tables the script creates ({@code CREATE TABLE [IF NOT EXISTS]
     * karrot_...}) are qualified with the schema wherever they are named, and with a schema the script first creates
     * it when it is missing. Anything else is left as it is.
     * @param script DDL with the default names, such as a script shipped in the jar
     * @return the DDL for these names; the script itself for the default names
     */
    public String rewrite(String script) {
        if (equals(DEFAULTS)) {
            return script;
        }
        Set<String> tables = CREATED_TABLE.matcher(script).results().map(table -> table.group(1))
            .collect(Collectors.toSet());
        String renamed = SHIPPED_NAME.matcher(script).replaceAll(name -> Matcher.quoteReplacement(
                tables.contains(name.group()) ? table(name.group(1)) : this.prefix + name.group(1)));
        return this.schema != null ? "CREATE SCHEMA IF NOT EXISTS " + this.schema + ";\n" + renamed : renamed;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TableNames names && this.prefix.equals(names.prefix)
                && Objects.equals(this.schema, names.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.schema, this.prefix);
    }

    @Override
    public String toString() {
        return table("*");
    }
}
