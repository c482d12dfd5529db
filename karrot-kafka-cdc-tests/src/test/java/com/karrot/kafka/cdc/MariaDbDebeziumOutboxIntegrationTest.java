package com.karrot.kafka.cdc;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The outbox relayed by Debezium's MySQL connector from MariaDB, where {@code KARROT_TEST_MARIADB_URL} is set;
 * skipped where the server's binary log is off or not in {@code ROW} format with full row images ({@code .ci/run}
 * turns it on for the local server).
 */
@EnabledIfEnvironmentVariable(named = MariaDbCdcDatabase.URL, matches = ".+",
        disabledReason = MariaDbCdcDatabase.URL + " is not set")
class MariaDbDebeziumOutboxIntegrationTest extends DebeziumOutboxTests {

    @Override
    protected CdcDatabase database() {
        MariaDbCdcDatabase database = new MariaDbCdcDatabase();
        List<String> missing = database.missingBinaryLogSettings();
        if (!missing.isEmpty()) {
            database.close();
            Assumptions.abort("MariaDB runs with " + String.join(", ", missing) + ": Debezium reads the binary log "
                    + "(log_bin, binlog_format=ROW, binlog_row_image=FULL in the server's options, then restart it; "
                    + ".ci/run does it)");
        }
        return database;
    }
}
