package com.karrot.kafka.cdc;

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
}
