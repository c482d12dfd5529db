package com.karrot.kafka.cdc;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

/** A real database that Debezium can capture, with what a test needs to point a connector at it and clean up. */
interface CdcDatabase extends AutoCloseable {

    /** The name of the guide's connector configuration for this database. */
    String connector();

    String jdbcUrl();

    DataSource dataSource();

    /** The connection and capture settings of a connector for the outbox table in {@code schema}. */
    Map<String, String> connectorSettings(String schema, String name);

    /**
     * Whether the connector of that name reads the log now. A task that runs has not necessarily started to read: it
     * starts from the position of the log when it does, so what is committed in between is never captured.
     */
    boolean capturing(String name);

    /** Removes what a connector of that name left in the database (replication slot, publication). */
    void dropCapture(String name);

    /** Drops the schema (or database) of the outbox tables. */
    void dropSchema(String schema);

    @Override
    void close();

    /**
     * A connector's name and connection settings from a JDBC URL of the form
     * {@code jdbc:<kind>://host[:port]/database?user=...&password=...}.
     */
    static Map<String, String> connection(String jdbcUrl, String name, int defaultPort, String defaultUser) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getQuery() != null) {
            Arrays.stream(uri.getQuery().split("&")).map(pair -> pair.split("=", 2))
                .forEach(pair -> query.put(pair[0], pair.length > 1 ? pair[1] : ""));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("name", name);
        settings.put("database.hostname", uri.getHost());
        settings.put("database.port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : defaultPort));
        settings.put("database.user", query.getOrDefault("user", defaultUser));
        settings.put("database.password", query.getOrDefault("password", ""));
        return settings;
    }
}
