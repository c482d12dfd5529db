package com.karrot.kafka.cdc;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The outbox relayed by Debezium's PostgreSQL connector, where {@code KARROT_TEST_POSTGRES_URL} is set; skipped
 * where the server does not run with {@code wal_level=logical} ({@code .ci/run} sets it on the local server).
 */
@EnabledIfEnvironmentVariable(named = PostgresCdcDatabase.URL, matches = ".+")
class PostgresDebeziumOutboxIntegrationTest extends DebeziumOutboxTests {

    @Override
    protected CdcDatabase database() {
        PostgresCdcDatabase database = new PostgresCdcDatabase();
        String walLevel = database.walLevel();
        if (!"logical".equals(walLevel)) {
            database.close();
            Assumptions.abort("PostgreSQL runs with wal_level=" + walLevel + ": Debezium needs wal_level=logical "
                    + "(ALTER SYSTEM SET wal_level = logical, then restart the server; .ci/run does it)");
        }
        return database;
    }
}
